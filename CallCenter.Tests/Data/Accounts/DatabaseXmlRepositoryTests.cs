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
}

public sealed class DatabaseXmlRepositoryTestsOnSqlite : DatabaseXmlRepositoryTests<OnSqlite>;

public sealed class DatabaseXmlRepositoryTestsOnSqlServer : DatabaseXmlRepositoryTests<OnSqlServer>;
