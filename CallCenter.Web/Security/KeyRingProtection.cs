using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace CallCenter.Web.Security;

/// <summary>
/// How the Data Protection key ring is sealed before it is stored in the database: with an X509 certificate when
/// <c>DataProtection:CertificatePath</c> is set, otherwise with the key-encryption key in <c>DataProtection:KeyFile</c>
/// (default <c>App_Data/dataprotection.key</c> under the content root, created at first start).
/// </summary>
public sealed class KeyRingProtection
{
    /// <summary>The default key file, relative to the content root.</summary>
    public const string DefaultKeyFile = "App_Data/dataprotection.key";

    private readonly ILogger<KeyRingProtection> logger;

    /// <param name="certificate">The certificate of <c>DataProtection:CertificatePath</c> (<see cref="LoadCertificate(IConfiguration)"/>), or null.</param>
    public KeyRingProtection(X509Certificate2? certificate, IConfiguration configuration, IHostEnvironment environment, ILoggerFactory loggers)
    {
        logger = loggers.CreateLogger<KeyRingProtection>();
        var keyFile = configuration["DataProtection:KeyFile"];
        if (certificate is not null)
        {
            Certificate = certificate;
            Encryptor = new CertificateXmlEncryptor(Certificate, loggers);
            // Keys an earlier key-file setup sealed stay readable while that file is still named and present.
            if (!string.IsNullOrWhiteSpace(keyFile) && File.Exists(Path.GetFullPath(keyFile, environment.ContentRootPath)))
            {
                KeyFile = KeyEncryptionKey.Load(Path.GetFullPath(keyFile, environment.ContentRootPath), logger);
            }
        }
        else
        {
            var path = Path.GetFullPath(string.IsNullOrWhiteSpace(keyFile) ? DefaultKeyFile : keyFile, environment.ContentRootPath);
            KeyFile = KeyEncryptionKey.LoadOrCreate(path, logger);
            Encryptor = new KeyFileXmlEncryptor(KeyFile);
        }
    }

    /// <summary>The certificate keys are sealed with, or null when a key file is used.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The key-encryption key of <c>DataProtection:KeyFile</c>, or null (certificate only).</summary>
    public KeyEncryptionKey? KeyFile { get; }

    /// <summary>What seals every new key.</summary>
    public IXmlEncryptor Encryptor { get; }

    /// <summary>
    /// The certificate named by <c>DataProtection:CertificatePath</c> (a PFX, relative paths from the content root)
    /// and <c>DataProtection:CertificatePassword</c>, or null when none is set. Loaded while the services are
    /// registered, since Data Protection takes the certificate itself there.
    /// </summary>
    public static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        var contentRoot = configuration[HostDefaults.ContentRootKey] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        return LoadCertificate(Path.GetFullPath(path, contentRoot), configuration["DataProtection:CertificatePassword"]);
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath '{path}' cannot be loaded as a PFX/PKCS#12 file with DataProtection:CertificatePassword ({e.Message}).", e);
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath '{path}' must hold an RSA certificate with its private key (the key ring is sealed to it and opened with it).");
        }
        return certificate;
    }

    /// <summary>
    /// Run at start-up, after the migrations and before the key ring is first read: removes keys an earlier version
    /// stored unencrypted (a new sealed key is made on first use, and everyone signs in again once), and says in the
    /// log when the database holds keys this instance cannot open (another key file or certificate).
    /// </summary>
    public async Task PrepareKeyRingAsync(DatabaseXmlRepository repository, AuditRepository audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var removed = await repository.RemoveUnencryptedKeysAsync(cancellationToken);
        if (removed.Count > 0)
        {
            logger.LogWarning(
                "Removed {Count} Data Protection key(s) that an earlier version stored unencrypted in the database ({Keys}). A new key sealed with {Sealing} " +
                "replaces them: sign-in cookies and open forms issued under the old keys are refused, so everyone signs in again once.",
                removed.Count, string.Join(", ", removed), Describe());
            await audit.WriteAsync(OperatorContext.System, AuditActions.RemoveUnsealedKeys, "key-ring",
                details: AuditDetails.Join($"暗号化されていない鍵 {removed.Count}件を削除（{string.Join("、", removed)}）", $"新しい鍵の保護 {DescribeInJapanese()}"),
                cancellationToken: cancellationToken);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var unreadable = repository.GetAllElements().Where(e => e.Name.LocalName == "key" && !Expired(e, now) && !CanOpen(e)).ToList();
        if (unreadable.Count > 0)
        {
            var sealedBy = unreadable.Select(e => e.Descendants(KeyFileXmlEncryptor.ElementName).FirstOrDefault()?.Attribute(KeyFileXmlEncryptor.KeyIdAttribute)?.Value ?? "a certificate")
                .Distinct().ToList();
            logger.LogError(
                "{Count} Data Protection key(s) in the database were sealed with another key than this instance's ({Sealing}); they were sealed with {SealedBy}. " +
                "Sign-in cookies and forms issued under them are refused here (users must sign in again on this instance). " +
                "Every instance sharing a database needs the same DataProtection:KeyFile (copy the file, mode 0600) or the same DataProtection:CertificatePath.",
                unreadable.Count, Describe(), string.Join(", ", sealedBy.Select(id => id == "a certificate" ? id : $"DataProtection:KeyFile id {id}")));
        }
    }

    /// <summary>The sealing in Japanese, for the audit log.</summary>
    public string DescribeInJapanese() => Certificate is not null
        ? $"証明書（拇印 {Certificate.Thumbprint}）"
        : $"鍵ファイル {KeyFile!.Path}（ID {KeyFile.Id}）";

    /// <summary>The sealing in words, for the log.</summary>
    public string Describe() => Certificate is not null
        ? $"the certificate of DataProtection:CertificatePath (thumbprint {Certificate.Thumbprint})"
        : $"DataProtection:KeyFile {KeyFile!.Path} (id {KeyFile.Id})";

    private static bool Expired(XElement key, DateTime now) =>
        DateTimeOffset.TryParse((string?)key.Element("expirationDate"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var expires) && expires.UtcDateTime <= now;

    private bool CanOpen(XElement key)
    {
        var keyFileSealed = key.Descendants(KeyFileXmlEncryptor.ElementName).FirstOrDefault();
        if (keyFileSealed is not null)
        {
            return KeyFile is not null && (string?)keyFileSealed.Attribute(KeyFileXmlEncryptor.KeyIdAttribute) == KeyFile.Id;
        }
        // Sealed to a certificate (EncryptedXml names it by its X509 data): readable when it is ours.
        var encryptedData = key.Descendants().FirstOrDefault(e => e.Name.LocalName == "EncryptedData");
        if (encryptedData is not null)
        {
            var certificateText = encryptedData.Descendants().FirstOrDefault(e => e.Name.LocalName == "X509Certificate")?.Value;
            return Certificate is not null && certificateText is not null
                && Convert.FromBase64String(certificateText.Trim()).AsSpan().SequenceEqual(Certificate.RawData);
        }
        return true;
    }
}
