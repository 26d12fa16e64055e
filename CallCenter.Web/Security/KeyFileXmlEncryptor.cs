using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace CallCenter.Web.Security;

/// <summary>
/// The key-encryption key kept in a file outside the database (<c>DataProtection:KeyFile</c>): 32 random bytes,
/// written base64 on one line, readable only by the app's user (mode 0600). Every app instance sharing a database
/// must have the same file; a copy of the database without it holds no usable key.
/// </summary>
public sealed class KeyEncryptionKey
{
    private const int KeyBytes = 32;

    private KeyEncryptionKey(string path, byte[] key)
    {
        Path = path;
        Key = key;
        // Names the key without revealing it, so that a key sealed with another file is reported as such.
        Id = Convert.ToHexStringLower(SHA256.HashData([.. "CallCenter key-encryption key id\n"u8, .. key])[..8]);
    }

    /// <summary>The file the key was read from.</summary>
    public string Path { get; }

    /// <summary>A short fingerprint of the key (16 hex digits), stored with every key it seals.</summary>
    public string Id { get; }

    internal byte[] Key { get; }

    /// <summary>
    /// Reads the key file, or creates it (mode 0600, atomically: two instances starting at once end up with the
    /// same file) when it does not exist. A file that is not one base64 line of 32 bytes stops the start-up.
    /// </summary>
    public static KeyEncryptionKey LoadOrCreate(string path, ILogger logger)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Create(path, logger);
        }
        return Load(path, logger);
    }

    /// <summary>Reads an existing key file.</summary>
    public static KeyEncryptionKey Load(string path, ILogger logger)
    {
        path = System.IO.Path.GetFullPath(path);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            key = [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"DataProtection:KeyFile '{path}' cannot be read ({e.Message}). The app's user must be able to read it.", e);
        }
        if (key.Length != KeyBytes)
        {
            throw new InvalidOperationException(
                $"DataProtection:KeyFile '{path}' is not a key file: it must hold {KeyBytes} bytes written as one base64 line. " +
                "Restore the file the other instances use, or delete it to have a new one made (everyone then signs in again).");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                logger.LogWarning("DataProtection:KeyFile {Path} can be read by other users (mode {Mode}); make it readable only by the app's user: chmod 600.",
                    path, mode);
            }
        }
        return new KeyEncryptionKey(path, key);
    }

    private static void Create(string path, ILogger logger)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)));
            }
            File.Move(temporary, path, overwrite: false);
            logger.LogWarning("Created a new DataProtection:KeyFile at {Path} (mode 0600). Every app instance on this database needs a copy of this file; keep it out of database backups.", path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance made it first: use theirs.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"DataProtection:KeyFile '{path}' does not exist and cannot be created ({e.Message}). Create the folder writable by the app's user, or set DataProtection:KeyFile to another path.", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>
/// Seals each Data Protection key with the key-encryption key of <c>DataProtection:KeyFile</c> (AES-256-GCM, so a
/// key changed in the database is refused too) before it is stored in the database.
/// </summary>
public sealed class KeyFileXmlEncryptor(KeyEncryptionKey key) : IXmlEncryptor
{
    internal const string ElementName = "sealedWithKeyFile";
    internal const string KeyIdAttribute = "keyFileId";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    // Binds the ciphertext to its use: a blob sealed for something else with the same key is refused.
    private static readonly byte[] AssociatedData = "CallCenter.DataProtection.KeyFile.v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData);
        }
        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName,
            new XAttribute(KeyIdAttribute, key.Id),
            new XAttribute("algorithm", "AES-256-GCM"),
            new XComment(" Sealed with the key-encryption key in DataProtection:KeyFile; unreadable without that file. "),
            Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }

    internal static XElement Decrypt(XElement encryptedElement, KeyEncryptionKey? key)
    {
        var sealedBy = (string?)encryptedElement.Attribute(KeyIdAttribute);
        if (key is null)
        {
            throw new CryptographicException(
                $"This Data Protection key was sealed with a DataProtection:KeyFile (id {sealedBy}), but this instance has none configured " +
                "(it uses DataProtection:CertificatePath). Set DataProtection:KeyFile to that file as well to read the keys it sealed.");
        }
        if (!string.Equals(sealedBy, key.Id, StringComparison.Ordinal))
        {
            throw new CryptographicException(
                $"This Data Protection key was sealed with another DataProtection:KeyFile (id {sealedBy}) than this instance's " +
                $"'{key.Path}' (id {key.Id}): cookies and forms it protects are refused here. Give every instance on this database the same key file.");
        }
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value.Trim());
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A Data Protection key sealed with DataProtection:KeyFile is truncated.");
        }
        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                $"A Data Protection key sealed with DataProtection:KeyFile '{key.Path}' does not open with it: it was changed in the database.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// Opens keys sealed by <see cref="KeyFileXmlEncryptor"/>. Data Protection creates it by the type name stored with
/// each key, through this constructor; the key file comes from the app's services.
/// </summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyFileXmlEncryptor.Decrypt(encryptedElement, services.GetRequiredService<KeyRingProtection>().KeyFile);
}
