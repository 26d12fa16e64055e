using CallCenter.Tests.Data.SqlServer;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// SqlDialect is the only dialect seam: outside Database/SqlDialect.cs no source file of CallCenter.Data names the
/// ADO.NET providers, so a third provider (or a change of one) touches one file. Read from the repository's sources.
/// </summary>
public class SqlDialectSeamTests
{
    private static readonly string[] ProviderNamespaces = ["Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient"];

    // Files (relative to CallCenter.Data, '/'-separated) that may still name a provider, each with the reason.
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["Database/SqlDialect.cs"] = "the seam itself",
    };

    [Fact]
    public void Only_SqlDialect_names_the_ADO_NET_providers_in_the_data_layer()
    {
        var project = Path.Combine(SqlServerSources.RepositoryRoot, "CallCenter.Data");
        var sources = Directory.GetFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("Database/SqlDialect.cs", sources);
        Assert.Contains("Database/ConnectionFactory.cs", sources);

        var offending = (
            from file in sources
            where !Allowed.ContainsKey(file)
            from line in File.ReadLines(Path.Combine(project, file)).Select((text, index) => (text, number: index + 1))
            where !line.text.TrimStart().StartsWith("//", StringComparison.Ordinal) // comments may name a provider
            where ProviderNamespaces.Any(ns => line.text.Contains(ns, StringComparison.Ordinal))
            select $"{file}:{line.number}: {line.text.Trim()}").ToList();

        Assert.True(offending.Count == 0,
            "Provider types belong in Database/SqlDialect.cs; move these behind a SqlDialect member:\n"
            + string.Join('\n', offending));
    }
}
