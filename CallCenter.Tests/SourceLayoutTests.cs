using CallCenter.Tests.Data.SqlServer;

namespace CallCenter.Tests;

/// <summary>
/// The tests mirror the source (docs/architecture.md): every feature folder of CallCenter.Data and CallCenter.Web has a
/// folder of tests under the same noun, every test folder names a source folder, and a test class named after a source
/// type sits in the mirror of that type's folder. A newcomer finds a feature's tests without searching.
/// </summary>
public sealed class SourceLayoutTests
{
    /// <summary>Test folders that mirror something other than a source folder, and why.</summary>
    private static readonly Dictionary<string, string> TestFoldersWithoutSource = new(StringComparer.Ordinal)
    {
        ["Data/SqlServer"] = "mirrors db/sqlserver: every T-SQL script and statement parsed (ScriptDom) and bound (DacFx)",
    };

    private static readonly string Root = SqlServerSources.RepositoryRoot;

    [Fact]
    public void EverySourceFolder_HasATestFolder_WithTests()
    {
        var missing = SourceFolders()
            .Where(folder => !Directory.Exists(TestPath(folder.Mirror))
                             || !Directory.EnumerateFiles(TestPath(folder.Mirror), "*Tests.cs").Any())
            .Select(folder => $"{folder.Source} -> CallCenter.Tests/{folder.Mirror}/ (no *Tests.cs)")
            .ToList();

        Assert.True(missing.Count == 0, "Source folders without tests beside their mirror:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryTestFolder_MirrorsASourceFolder()
    {
        var mirrors = SourceFolders().Select(folder => folder.Mirror).ToHashSet(StringComparer.Ordinal);
        var webFeatures = mirrors.Where(m => m.StartsWith("Web/", StringComparison.Ordinal))
            .Select(m => m["Web/".Length..]).ToHashSet(StringComparer.Ordinal);

        var strays = new List<string>();
        foreach (var folder in TestFolders())
        {
            var ok = folder.StartsWith("Browser/", StringComparison.Ordinal)
                ? webFeatures.Contains(folder["Browser/".Length..])
                : mirrors.Contains(folder) || TestFoldersWithoutSource.ContainsKey(folder);
            if (!ok)
            {
                strays.Add($"CallCenter.Tests/{folder}/");
            }
        }

        Assert.True(strays.Count == 0, "Test folders that mirror no source folder:\n" + string.Join("\n", strays));
    }

    [Fact]
    public void ATestNamedAfterASourceType_SitsInTheMirrorOfItsFolder()
    {
        var sources = SourceFolders().ToList();
        var misplaced = new List<string>();
        foreach (var side in new[] { "Data", "Web" })
        {
            var testRoot = TestPath(side);
            foreach (var testFile in Directory.EnumerateFiles(testRoot, "*Tests.cs", SearchOption.AllDirectories).Where(IsSource))
            {
                var subject = Path.GetFileNameWithoutExtension(testFile)[..^"Tests".Length];
                var homes = sources
                    .Where(folder => folder.Mirror.StartsWith(side + "/", StringComparison.Ordinal)
                                     && (File.Exists(Path.Combine(Root, folder.Source, subject + ".cs"))
                                         || File.Exists(Path.Combine(Root, folder.Source, subject + ".razor"))))
                    .ToList();
                var testFolder = Relative(Path.GetDirectoryName(testFile)!, Path.Combine(Root, "CallCenter.Tests"));
                if (homes.Count > 0 && homes.All(home => home.Mirror != testFolder))
                {
                    misplaced.Add($"CallCenter.Tests/{testFolder}/{Path.GetFileName(testFile)} tests "
                                  + $"{homes[0].Source}/{subject}: move it to CallCenter.Tests/{homes[0].Mirror}/");
                }
            }
        }

        Assert.True(misplaced.Count == 0, "Tests outside the mirror of their subject:\n" + string.Join("\n", misplaced));
    }

    [Theory]
    [InlineData("CallCenter.Data/Residents", "Data/Residents")]
    [InlineData("CallCenter.Web/Components/Pages/Calls", "Web/Calls")]
    [InlineData("CallCenter.Web/Components/Layout", "Web/Layout")]
    [InlineData("CallCenter.Web/Security", "Web/Security")]
    public void MirrorOf_MapsSourceFoldersToTestFolders(string source, string mirror) =>
        Assert.Equal(mirror, MirrorOf(source));

    /// <summary>Folders of CallCenter.Data and CallCenter.Web that hold code, with the test folder that mirrors each.</summary>
    private static IEnumerable<(string Source, string Mirror)> SourceFolders()
    {
        foreach (var project in new[] { "CallCenter.Data", "CallCenter.Web" })
        {
            var projectRoot = Path.Combine(Root, project);
            foreach (var directory in Directory.EnumerateDirectories(projectRoot, "*", SearchOption.AllDirectories))
            {
                var source = Relative(directory, Root);
                if (!IsSource(directory) || !HoldsCode(directory) || MirrorOf(source) is not { } mirror)
                {
                    continue;
                }

                yield return (source, mirror);
            }
        }
    }

    /// <summary>The test folder for a source folder, or null for a project's own root folders.</summary>
    internal static string? MirrorOf(string source)
    {
        if (source.StartsWith("CallCenter.Data/", StringComparison.Ordinal))
        {
            return "Data/" + source["CallCenter.Data/".Length..];
        }

        var web = source["CallCenter.Web/".Length..];
        if (web is "Components" or "Components/Pages" or "Properties")
        {
            return null; // App.razor, Routes.razor, Error and NotFound: the shell, tested through every page
        }

        if (web.StartsWith("Components/Pages/", StringComparison.Ordinal))
        {
            return "Web/" + web["Components/Pages/".Length..];
        }

        return "Web/" + (web.StartsWith("Components/", StringComparison.Ordinal) ? web["Components/".Length..] : web);
    }

    private static IEnumerable<string> TestFolders()
    {
        var testsRoot = Path.Combine(Root, "CallCenter.Tests");
        foreach (var side in new[] { "Data", "Web", "Browser" })
        {
            foreach (var directory in Directory.EnumerateDirectories(Path.Combine(testsRoot, side), "*", SearchOption.AllDirectories))
            {
                if (IsSource(directory) && HoldsCode(directory))
                {
                    yield return Relative(directory, testsRoot);
                }
            }
        }
    }

    private static bool HoldsCode(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs").Any() || Directory.EnumerateFiles(directory, "*.razor").Any();

    private static bool IsSource(string path)
    {
        var parts = Relative(path, Root).Split('/');
        return !parts.Any(part => part is "bin" or "obj" or "wwwroot" or "TestResults" || part.StartsWith('.'));
    }

    private static string TestPath(string mirror) => Path.Combine(Root, "CallCenter.Tests", mirror);

    private static string Relative(string path, string root) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
