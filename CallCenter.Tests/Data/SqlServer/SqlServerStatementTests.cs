using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CallCenter.Tests.Data.SqlServer;

/// <summary>
/// Every statement the data layer sends, as SQL Server receives it (dialect tokens rendered), is valid T-SQL and
/// uses neither SQLite-only syntax nor the server's clock.
/// </summary>
public sealed class SqlServerStatementTests
{
    public static TheoryData<string, string> Statements() => DataStatement.Cases();

    // ScriptDom accepts some of these (IFNULL, SUBSTR, ... parse as calls of unknown functions), so they are looked
    // for in the text; comments and string literals are blanked first.
    private static readonly (string Pattern, string Why)[] Forbidden =
    [
        (@"\bLIMIT\b", "SQLite paging: use {page}"),
        (@"\blast_insert_rowid\b", "SQLite identity: use {last_id}"),
        (@"\bAUTOINCREMENT\b", "SQLite identity column"),
        (@"\bINSERT\s+OR\b", "SQLite upsert (INSERT OR REPLACE/IGNORE)"),
        (@"\bON\s+CONFLICT\b", "SQLite upsert"),
        (@"\bRETURNING\b", "SQLite/PostgreSQL RETURNING: use {last_id}"),
        (@"\|\|", "SQLite string concatenation: SQL Server 2022 has no ||"),
        (@"\bIFNULL\s*\(", "SQLite IFNULL: use COALESCE"),
        (@"\bSUBSTR\s*\(", "SQLite SUBSTR: use SUBSTRING"),
        (@"\bINSTR\s*\(", "SQLite INSTR"),
        (@"\bGROUP_CONCAT\s*\(", "SQLite GROUP_CONCAT"),
        (@"\bCOLLATE\s+NOCASE\b", "SQLite collation"),
        (@"\b(?:datetime|date|time|julianday|strftime|unixepoch)\s*\(", "SQLite date function (and datetime('now') is server time)"),
        (@"\b(?:GETDATE|GETUTCDATE|SYSDATETIME|SYSUTCDATETIME|SYSDATETIMEOFFSET)\b", "server time: pass times from TimeProvider"),
        (@"\bCURRENT_(?:TIMESTAMP|DATE|TIME)\b", "server time: pass times from TimeProvider"),
    ];

    [Fact]
    public void Catalogue_ContainsKnownStatements_When_DataAssemblyIsReflected()
    {
        var names = DataStatement.All.Keys.ToList();

        Assert.True(names.Count >= 10, $"only {names.Count} statements found: {string.Join(", ", names)}");
        Assert.Contains("ReportRepository.InsertSql", names);
        Assert.Contains("ReportRepository.UpdateCurrentSql", names);
        Assert.Contains("SettingsRepository.GetSql", names);
        // A private nested class: reflection must reach it too.
        Assert.Contains("ResidentImportService.RegisterWriter.InsertResidentSql", names);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Parse_ReportsNoErrors_When_StatementIsRenderedForSqlServer(string type, string field)
    {
        var statement = DataStatement.Get(type, field).Name;
        var rendered = DataStatement.All[statement].Rendered;
        var (_, errors) = SqlServerSources.Parse(rendered);

        Assert.True(errors.Count == 0,
            $"{statement} is not valid T-SQL:\n{string.Join("\n", errors.Select(SqlServerSources.Describe))}\n--- rendered ---\n{rendered}");
        Assert.DoesNotMatch(@"\{[a-z_]+\}", rendered);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_UsesNoSqliteSyntaxOrServerTime_When_RenderedForSqlServer(string type, string field)
    {
        var statement = DataStatement.Get(type, field).Name;
        var problems = ForbiddenIn(DataStatement.All[statement].Rendered);

        Assert.True(problems.Count == 0, $"{statement}: {string.Join("; ", problems)}");
    }

    [Theory]
    [InlineData("SELECT Id FROM T ORDER BY Id LIMIT 10", "LIMIT")]
    [InlineData("INSERT INTO T (A) VALUES (@A); SELECT last_insert_rowid();", "last_insert_rowid")]
    [InlineData("INSERT OR REPLACE INTO T (A) VALUES (@A)", "INSERT OR")]
    [InlineData("INSERT INTO T (A) VALUES (@A) ON CONFLICT (A) DO NOTHING", "ON CONFLICT")]
    [InlineData("SELECT A || B FROM T", "||")]
    [InlineData("UPDATE T SET At = datetime('now')", "datetime('now')")]
    [InlineData("UPDATE T SET At = GETUTCDATE()", "GETUTCDATE")]
    [InlineData("UPDATE T SET At = CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP")]
    [InlineData("SELECT IFNULL(A, 0) FROM T", "IFNULL")]
    public void ForbiddenIn_FindsProblem_When_StatementUsesIt(string sql, string what)
    {
        Assert.True(ForbiddenIn(sql).Count > 0, $"{what} in \"{sql}\" was not found");
    }

    [Fact]
    public void ForbiddenIn_IgnoresCommentsAndStrings_When_TheyMentionForbiddenWords()
    {
        const string sql = """
            -- no LIMIT here, and no GETDATE() either
            SELECT Name FROM Settings WHERE Value = N'datetime(''now'') || LIMIT' /* ON CONFLICT */
            """;

        Assert.Empty(ForbiddenIn(sql));
    }

    private static List<string> ForbiddenIn(string sql)
    {
        var code = CodeOnly(sql);
        return Forbidden.Where(f => Regex.IsMatch(code, f.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .Select(f => $"matches /{f.Pattern}/ ({f.Why})")
            .ToList();
    }

    /// <summary>The SQL with comments removed and string literals emptied, using ScriptDom's own tokenizer.</summary>
    private static string CodeOnly(string sql)
    {
        using var reader = new StringReader(sql);
        var tokens = new TSql160Parser(true).GetTokenStream(reader, out _);
        var code = new StringBuilder();
        foreach (var token in tokens)
        {
            code.Append(token.TokenType switch
            {
                TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment => " ",
                TSqlTokenType.AsciiStringLiteral or TSqlTokenType.UnicodeStringLiteral => "''",
                _ => token.Text,
            });
        }
        return code.ToString();
    }
}
