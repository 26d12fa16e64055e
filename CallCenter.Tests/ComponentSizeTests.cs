using System.Text.RegularExpressions;
using CallCenter.Tests.Data.SqlServer;

namespace CallCenter.Tests;

/// <summary>
/// Pages that fit on a screen (docs/architecture.md): no component carries more than about 120 lines of code — its
/// <c>@code</c> block and its <c>.razor.cs</c> partial together, counting statements only (blank lines, braces alone,
/// comments, using and namespace lines are not code). Past that, panels become child components and the page's data
/// work moves to a small class beside it.
/// </summary>
public sealed partial class ComponentSizeTests
{
    private const int MaxCodeLines = 120;

    [Fact]
    public void EveryComponent_KeepsItsCode_UnderAScreen()
    {
        var components = Path.Combine(SqlServerSources.RepositoryRoot, "CallCenter.Web", "Components");
        var tooLong = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .Select(path => (Path: Path.GetRelativePath(components, path).Replace('\\', '/'), Lines: CodeLines(path)))
            .Where(c => c.Lines > MaxCodeLines)
            .Select(c => $"{c.Path}: {c.Lines} lines of code")
            .ToList();

        Assert.True(tooLong.Count == 0, "Components past a screen of code:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void CodeLines_CountStatementsOnly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"component-{Guid.NewGuid():N}.razor");
        File.WriteAllText(path, "<p>markup is not code</p>\n@code {\n    // why\n    private int a;\n\n    private void B()\n    {\n        a++;\n    }\n}\n");
        try
        {
            Assert.Equal(3, CodeLines(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The statement lines of a component: its <c>@code</c> block, then its code-behind if it has one.</summary>
    private static int CodeLines(string razorPath)
    {
        var razor = File.ReadAllLines(razorPath);
        var code = razor.SkipWhile(line => !line.StartsWith("@code", StringComparison.Ordinal)).Skip(1);
        var behind = File.Exists(razorPath + ".cs") ? File.ReadAllLines(razorPath + ".cs") : [];
        return code.Concat(behind).Count(line => !NotCode().IsMatch(line));
    }

    [GeneratedRegex(@"^\s*$|^\s*[{}()\[\];,]*\s*$|^\s*//|^\s*/\*|^\s*\*|^using |^namespace ")]
    private static partial Regex NotCode();
}
