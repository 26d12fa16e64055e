using System.Xml.Linq;
using CallCenter.Data.Accounts;

namespace CallCenter.Tests.Data.Accounts;

public abstract class DatabaseXmlRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public void StoreElement_IsReadBackByAnotherInstance()
    {
        var writer = new DatabaseXmlRepository(Connections, TimeProvider.System);
        var reader = new DatabaseXmlRepository(Connections, TimeProvider.System);

        writer.StoreElement(new XElement("key", new XAttribute("id", "1"), "secret-1"), "key-1");
        writer.StoreElement(new XElement("key", new XAttribute("id", "2"), "secret-2"), "key-2");

        var elements = reader.GetAllElements();
        Assert.Equal(["1", "2"], elements.Select(e => e.Attribute("id")!.Value));
        Assert.Equal("secret-2", elements.Last().Value);
    }

    [SkippableFact]
    public async Task RemoveUnencryptedKeys_DeletesOnlyKeysWithAMasterKeyInClear()
    {
        var repository = new DatabaseXmlRepository(Connections, TimeProvider.System);
        repository.StoreElement(Key("11111111-1111-1111-1111-111111111111",
            new XElement("masterKey", new XElement("value", "cGxhaW50ZXh0"))), "clear");
        repository.StoreElement(Key("22222222-2222-2222-2222-222222222222",
            new XElement("encryptedSecret", new XElement("masterKey", new XElement("value", "wrapped")))), "sealed");
        repository.StoreElement(new XElement("revocation", new XAttribute("version", "1"), new XElement("masterKey")), "revocation");

        var removed = await repository.RemoveUnencryptedKeysAsync();

        Assert.Equal(["11111111-1111-1111-1111-111111111111"], removed);
        Assert.Equal(["key", "revocation"], repository.GetAllElements().Select(e => e.Name.LocalName));
        Assert.Empty(await repository.RemoveUnencryptedKeysAsync());
    }

    private static XElement Key(string id, XElement secret) =>
        new("key", new XAttribute("id", id), new XAttribute("version", "1"),
            new XElement("descriptor", new XElement("descriptor", secret)));
}

public sealed class DatabaseXmlRepositoryTestsOnSqlite : DatabaseXmlRepositoryTests<OnSqlite>;

public sealed class DatabaseXmlRepositoryTestsOnSqlServer : DatabaseXmlRepositoryTests<OnSqlServer>;
