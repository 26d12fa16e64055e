using System.Reflection;
using System.Text.RegularExpressions;
using CallCenter.Data.Database;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CallCenter.Tests.Data.SqlServer;

/// <summary>
/// What the SQL Server checks read: the schema scripts straight from the repository (not the embedded copies,
/// so a script that is not embedded is still checked) and every SQL statement the data layer sends.
/// No SQL Server runs here, so T-SQL is checked statically with ScriptDom and DacFx.
/// </summary>
internal static class SqlServerSources
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ScriptFolder(string dialect) => Path.Combine(RepositoryRoot, "db", dialect);

    /// <summary>The scripts of a dialect ("sqlserver", "sqlite"), in the order the migration runner applies them.</summary>
    public static IReadOnlyList<string> Scripts(string dialect) =>
        Directory.GetFiles(ScriptFolder(dialect), "*.sql").Order(StringComparer.Ordinal).ToList();

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    public static (TSqlFragment Fragment, IList<ParseError> Errors) Parse(string sql)
    {
        using var reader = new StringReader(sql);
        var fragment = new TSql160Parser(true).Parse(reader, out var errors);
        return (fragment, errors);
    }

    public static string Describe(ParseError error) =>
        $"line {error.Line}, column {error.Column}: {error.Message} (SQL{error.Number})";

    /// <summary>The exact source text of a parsed fragment.</summary>
    public static string TextOf(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text));

    /// <summary>The top-level statements of a parsed script, batch by batch.</summary>
    public static IEnumerable<TSqlStatement> Statements(TSqlFragment fragment) =>
        fragment is TSqlScript script ? script.Batches.SelectMany(b => b.Statements) : [];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallCenter.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"CallCenter.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// One SQL statement of the data layer. The catalogue holds every <c>const string</c> field whose name ends in
/// <c>Sql</c>, found by reflection over every type of CallCenter.Data (nested and private ones too), named
/// "Type.Field"; and, so that nothing the data layer sends escapes the checks, every other plain string literal in
/// CallCenter.Data's sources that starts like a statement (SELECT, INSERT, ...), named "File.cs:line N".
/// </summary>
internal sealed record DataStatement(string Type, string Field, string Sql)
{
    // "…Sql" constants (found by reflection) are blanked before literals are looked for, keeping line numbers.
    private static readonly Regex SqlConstant = new(@"const\s+string\s+\w+Sql\s*=\s*(?:""""""[\s\S]*?""""""|""(?:[^""\\\n]|\\.)*"")", RegexOptions.CultureInvariant);

    // Plain and raw literals; interpolated and verbatim ones ($"…", @"…") are not statically known and are left out.
    private static readonly Regex Literal = new(@"(?<![$@""\w])(?:""""""(?<raw>[\s\S]*?)""""""|""(?<plain>(?:[^""\\\n]|\\.)*)"")", RegexOptions.CultureInvariant);

    private static readonly Regex StatementStart = new(@"^\s*(?:SELECT|INSERT|UPDATE|DELETE|MERGE|WITH)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // Declared after the patterns above: static fields initialize in order.
    /// <summary>Every statement, by <see cref="Name"/>.</summary>
    public static IReadOnlyDictionary<string, DataStatement> All { get; } =
        FindConstants().Concat(FindInlineLiterals()).Concat(Composed()).ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Statements composed from fragments at run time (the drill-down list, the search): every composition the code can make.</summary>
    private static IEnumerable<DataStatement> Composed() =>
        CallCenter.Data.Dashboard.ResidentList.AllStatements().Select(s => new DataStatement("ResidentList", s.Name, s.Sql))
            .Concat(CallCenter.Data.Residents.ResidentSearch.AllStatements().Select(s => new DataStatement("ResidentSearch", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Dashboard.ResidentList.AllFilters().Select(f =>
                new DataStatement("ExportService", "residents." + f.Name, CallCenter.Data.Exports.ExportService.ResidentsSql(f.Filter))))
            .Concat(CallCenter.Data.Dashboard.ResidentList.AllFilters().Select(f =>
                new DataStatement("ExportService", "unconfirmed." + f.Name, CallCenter.Data.Exports.ExportService.UnconfirmedSql(f.Filter))))
            .Concat(CallCenter.Data.Requests.RequestSummary.AllStatements().Select(s => new DataStatement("RequestSummary", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Requests.RequestQueue.AllStatements().Select(s => new DataStatement("RequestQueue", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Exports.ExportService.TownStatements().Select(s => new DataStatement("ExportService", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Calls.CallLog.TownStatements().Select(s => new DataStatement("CallLog", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Calls.CallLinks.TownStatements().Select(s => new DataStatement("CallLinks", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Approvals.ApprovalService.TownStatements().Select(s => new DataStatement("ApprovalService", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Inquiries.InquiryRepository.TownStatements().Select(s => new DataStatement("InquiryRepository", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Accounts.UserRepository.TownStatements().Select(s => new DataStatement("UserRepository", s.Name, s.Sql)))
            .Concat(CallCenter.Data.ApiKeys.ApiKeyRepository.TownStatements().Select(s => new DataStatement("ApiKeyRepository", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Residents.ResidentRepository.TownStatements().Select(s => new DataStatement("ResidentRepository", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Imports.StatusReviewQueue.TownStatements().Select(s => new DataStatement("StatusReviewQueue", s.Name, s.Sql)))
            .Concat(CallCenter.Data.Intentions.IntentionSummary.TownStatements().Select(s => new DataStatement("IntentionSummary", s.Name, s.Sql)));

    /// <summary>"Type.Field" for a constant (nested types as "Outer.Inner.Field"), "File.cs:line N" for a literal.</summary>
    public string Name => IsInline ? $"{Type}:{Field}" : $"{Type}.{Field}";

    public bool IsInline => Type.EndsWith(".cs", StringComparison.Ordinal);

    /// <summary>The text SQL Server receives.</summary>
    public string Rendered => SqlDialect.SqlServer.Render(Sql);

    /// <summary>
    /// Theory data: the type and the field as two strings, so each case is its own test named after both
    /// (xunit shortens a single long string argument in the test name).
    /// </summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var statement in All.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            cases.Add(statement.Type, statement.Field);
        }
        return cases;
    }

    public static DataStatement Get(string type, string field) =>
        All.Values.Single(s => s.Type == type && s.Field == field);

    private static IEnumerable<DataStatement> FindConstants()
    {
        const BindingFlags flags = BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(SqlDialect).Assembly.GetTypes())
        {
            foreach (var field in type.GetFields(flags))
            {
                if (field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Sql", StringComparison.Ordinal))
                {
                    yield return new DataStatement(TypeName(type), field.Name, (string)field.GetRawConstantValue()!);
                }
            }
        }
    }

    private static string TypeName(Type type) =>
        type.DeclaringType is null ? type.Name : $"{TypeName(type.DeclaringType)}.{type.Name}";

    private static IEnumerable<DataStatement> FindInlineLiterals()
    {
        var folder = Path.Combine(SqlServerSources.RepositoryRoot, "CallCenter.Data");
        foreach (var path in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            // The dialect's own fragments ({page}, {last_id}) are checked inside the statements that use them.
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                || relative == "Database/SqlDialect.cs")
            {
                continue;
            }
            var source = SqlConstant.Replace(File.ReadAllText(path), m => Regex.Replace(m.Value, @"[^\n]", " "));
            foreach (Match match in Literal.Matches(source))
            {
                var text = match.Groups["raw"].Success ? match.Groups["raw"].Value : Regex.Unescape(match.Groups["plain"].Value);
                if (StatementStart.IsMatch(text))
                {
                    var line = source.AsSpan(0, match.Index).Count('\n') + 1;
                    yield return new DataStatement(relative, $"line {line}", text);
                }
            }
        }
    }
}
