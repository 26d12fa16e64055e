using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CallCenter.Tests.Data.SqlServer;

/// <summary>
/// A DacFx model of the SQL Server schema, built once per test class from db/sqlserver
/// (building and validating one takes about a second here).
/// A model holds object definitions only, so each script is split into statements with ScriptDom and only the
/// statements that define objects are added (CREATE ..., and ALTER TABLE ... ADD of constraints); everything else
/// is listed in <see cref="Skipped"/> (see <see cref="SkippableStatementTypes"/> for what may safely be skipped).
/// </summary>
public sealed class SqlServerModelFixture : IDisposable
{
    /// <summary>Statements that change data or session settings, not the schema: leaving them out keeps the model true.</summary>
    public static readonly IReadOnlySet<Type> SkippableStatementTypes = new HashSet<Type>
    {
        typeof(InsertStatement), typeof(UpdateStatement), typeof(DeleteStatement), typeof(MergeStatement),
        typeof(PrintStatement), typeof(PredicateSetStatement), typeof(SetTransactionIsolationLevelStatement),
    };

    /// <summary>The key under which <see cref="Check"/> lists new problems it cannot tie to one statement.</summary>
    public const string Unattributed = "(not attributable to one statement)";

    private readonly Lock gate = new();

    public SqlServerModelFixture()
    {
        var loadErrors = new List<string>();
        var skipped = new List<string>();
        Model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        // A model holds each table as one CREATE TABLE: a later ALTER TABLE ... ADD column is folded into it.
        var tables = new Dictionary<string, (CreateTableStatement Create, string Source)>(StringComparer.OrdinalIgnoreCase);
        // A later DROP INDEX removes the index its CREATE INDEX added (a migration that redefines an index).
        var indexes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var triggers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in SqlServerSources.Scripts("sqlserver"))
        {
            var script = SqlServerSources.Relative(path);
            var (fragment, errors) = SqlServerSources.Parse(File.ReadAllText(path));
            if (errors.Count > 0)
            {
                // SqlServerScriptTests reports the syntax errors with line and column; DacFx would only throw.
                loadErrors.Add($"{script}: not parsed ({errors.Count} syntax errors)");
                continue;
            }
            foreach (var statement in SqlServerSources.Statements(fragment))
            {
                var source = $"{script}:{statement.StartLine}";
                if (statement is CreateTableStatement create)
                {
                    tables[create.SchemaObjectName.BaseIdentifier.Value] = (create, source);
                }
                if (statement is AlterTableDropTableElementStatement dropElements
                    && dropElements.AlterTableDropTableElements.All(e => e.TableElementType == TableElementType.Constraint))
                {
                    // ALTER TABLE ... DROP CONSTRAINT: the table's CREATE without it (a default that only filled a new
                    // column, a unique constraint redefined over more columns).
                    var table = dropElements.SchemaObjectName.BaseIdentifier.Value;
                    if (!tables.TryGetValue(table, out var target))
                    {
                        loadErrors.Add($"{source}: ALTER TABLE {table} DROP CONSTRAINT before its CREATE TABLE");
                        continue;
                    }
                    foreach (var name in dropElements.AlterTableDropTableElements.Select(e => e.Name.Value))
                    {
                        var definition = target.Create.Definition;
                        var removed = RemoveNamed(definition.TableConstraints, name);
                        foreach (var column in definition.ColumnDefinitions)
                        {
                            removed += RemoveNamed(column.Constraints, name);
                            if (column.DefaultConstraint is { } d && Named(d, name))
                            {
                                column.DefaultConstraint = null;
                                removed++;
                            }
                        }
                        if (removed == 0)
                        {
                            loadErrors.Add($"{source}: ALTER TABLE {table} DROP CONSTRAINT {name}: no such constraint");
                        }
                    }
                    new Sql160ScriptGenerator().GenerateScript(target.Create, out var without);
                    try
                    {
                        Model.AddOrUpdateObjects(without, target.Source, new TSqlObjectOptions());
                    }
                    catch (DacModelException e)
                    {
                        loadErrors.Add($"{source}: {e.Message} {string.Join("; ", e.Messages.Select(Describe))}");
                    }
                    continue;
                }
                if (statement is AlterTableAddTableElementStatement addColumns
                    && (addColumns.Definition.ColumnDefinitions.Count > 0 || addColumns.Definition.TableConstraints.Count > 0))
                {
                    var table = addColumns.SchemaObjectName.BaseIdentifier.Value;
                    if (!tables.TryGetValue(table, out var target))
                    {
                        loadErrors.Add($"{source}: ALTER TABLE {table} ADD before its CREATE TABLE");
                        continue;
                    }
                    foreach (var column in addColumns.Definition.ColumnDefinitions)
                    {
                        target.Create.Definition.ColumnDefinitions.Add(column);
                    }
                    foreach (var constraint in addColumns.Definition.TableConstraints)
                    {
                        target.Create.Definition.TableConstraints.Add(constraint);
                    }
                    new Sql160ScriptGenerator().GenerateScript(target.Create, out var merged);
                    try
                    {
                        Model.AddOrUpdateObjects(merged, target.Source, new TSqlObjectOptions());
                    }
                    catch (DacModelException e)
                    {
                        loadErrors.Add($"{source}: {e.Message} {string.Join("; ", e.Messages.Select(Describe))}");
                    }
                    continue;
                }
                if (statement is DropIndexStatement drop)
                {
                    foreach (var clause in drop.DropIndexClauses.OfType<DropIndexClause>())
                    {
                        var key = $"{clause.Object.BaseIdentifier.Value}.{clause.Index.Value}";
                        if (!indexes.Remove(key, out var created))
                        {
                            loadErrors.Add($"{source}: DROP INDEX {key} before its CREATE INDEX");
                            continue;
                        }
                        Model.DeleteObjects(created);
                    }
                    continue;
                }
                if (statement is AlterTriggerStatement alter)
                {
                    // ALTER TRIGGER replaces the body of a trigger an earlier script created: model it as that CREATE again.
                    var name = alter.Name.BaseIdentifier.Value;
                    if (!triggers.TryGetValue(name, out var created))
                    {
                        loadErrors.Add($"{source}: ALTER TRIGGER {name} before its CREATE TRIGGER");
                        continue;
                    }
                    Model.DeleteObjects(created);
                    var text = SqlServerSources.TextOf(statement);
                    var body = "CREATE " + text[text.IndexOf("TRIGGER", StringComparison.OrdinalIgnoreCase)..];
                    try
                    {
                        Model.AddOrUpdateObjects(body, source, new TSqlObjectOptions());
                        triggers[name] = source;
                    }
                    catch (DacModelException e)
                    {
                        loadErrors.Add($"{source}: {e.Message} {string.Join("; ", e.Messages.Select(Describe))}");
                    }
                    continue;
                }
                if (statement is CreateTriggerStatement trigger)
                {
                    triggers[trigger.Name.BaseIdentifier.Value] = source;
                }
                if (statement is CreateIndexStatement index)
                {
                    indexes[$"{index.OnName.BaseIdentifier.Value}.{index.Name.Value}"] = source;
                }
                if (!DefinesObject(statement))
                {
                    skipped.Add($"{source} {statement.GetType().Name}");
                    continue;
                }
                try
                {
                    Model.AddOrUpdateObjects(SqlServerSources.TextOf(statement), source, new TSqlObjectOptions());
                }
                catch (DacModelException e)
                {
                    loadErrors.Add($"{source}: {e.Message} {string.Join("; ", e.Messages.Select(Describe))}");
                    // Left in, a broken object blocks every later AddOrUpdateObjects.
                    Model.DeleteObjects(source);
                }
            }
        }
        LoadErrors = loadErrors;
        Skipped = skipped;
        var schemaMessages = Model.Validate();
        SchemaMessages = schemaMessages.Select(Describe).ToList();
        SchemaProblems = schemaMessages.Where(IsProblem).Select(Describe).ToList();
        StatementProblems = Check(DataStatement.All.Values.Select(s => (s.Name, s.Rendered)));
    }

    private static int RemoveNamed<T>(IList<T> constraints, string name) where T : ConstraintDefinition
    {
        var matching = constraints.Where(c => Named(c, name)).ToList();
        foreach (var c in matching)
        {
            constraints.Remove(c);
        }
        return matching.Count;
    }

    private static bool Named(ConstraintDefinition constraint, string name) =>
        string.Equals(constraint.ConstraintIdentifier?.Value, name, StringComparison.OrdinalIgnoreCase);

    public TSqlModel Model { get; }

    /// <summary>Scripts or statements DacFx could not take in.</summary>
    public IReadOnlyList<string> LoadErrors { get; }

    /// <summary>Statements left out of the model, as "file:line StatementType".</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Everything <see cref="TSqlModel.Validate"/> reports for the schema alone, warnings included.</summary>
    public IReadOnlyList<string> SchemaMessages { get; }

    /// <summary>The errors and unresolved references among <see cref="SchemaMessages"/>.</summary>
    public IReadOnlyList<string> SchemaProblems { get; }

    /// <summary>Problems found for each data-layer statement, by "Type.Field".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StatementProblems { get; }

    /// <summary>
    /// Wraps each statement into a stored procedure whose parameters are the statement's variables, adds them to the
    /// schema model, validates, and returns every error or unresolved reference DacFx reports per statement.
    /// The procedures are removed again, so the model holds the schema alone between calls.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Check(IEnumerable<(string Name, string Sql)> statements)
    {
        lock (gate)
        {
            var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var (name, sql) in statements)
                {
                    problems[name] = [];
                    var source = "statement:" + name;
                    var procedure = WrapInProcedure(name, sql);
                    // A script that does not parse stays in the model as a build-blocking error and makes DacFx refuse
                    // every later AddOrUpdateObjects, so it is reported here and never added.
                    var (_, errors) = SqlServerSources.Parse(procedure);
                    if (errors.Count > 0)
                    {
                        problems[name].AddRange(errors.Select(e => "does not parse: " + e.Message));
                        continue;
                    }
                    try
                    {
                        Model.AddOrUpdateObjects(procedure, source, new TSqlObjectOptions());
                        sources[source] = name;
                    }
                    catch (DacModelException e)
                    {
                        problems[name].Add($"{e.Message} {string.Join("; ", e.Messages.Select(Describe))}");
                        Model.DeleteObjects(source);
                    }
                }
                // Validate's messages carry no source name; they name the procedure ("[dbo].[check_...]") instead.
                foreach (var message in Model.Validate().Where(IsProblem))
                {
                    var text = Describe(message);
                    var owner = sources.Values.FirstOrDefault(n => text.Contains($"[{ProcedureName(n)}]", StringComparison.OrdinalIgnoreCase));
                    if (owner is not null)
                    {
                        problems[owner].Add(text);
                    }
                    else if (!SchemaMessages.Contains(text))
                    {
                        problems.TryAdd(Unattributed, []);
                        problems[Unattributed].Add(text);
                    }
                }
            }
            finally
            {
                foreach (var source in sources.Keys)
                {
                    Model.DeleteObjects(source);
                }
            }
            return problems.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// CREATE PROCEDURE dbo.check_Type_Field @A NVARCHAR(4000), ... AS BEGIN statement END. NVARCHAR converts
    /// implicitly to every column type used here, so only names are checked, not parameter types.
    /// </summary>
    public static string WrapInProcedure(string name, string sql)
    {
        sql = WithTempTables(sql);
        var (fragment, _) = SqlServerSources.Parse(sql);
        var variables = new VariableCollector();
        fragment?.Accept(variables);
        var parameters = variables.Referenced
            .Where(v => !variables.Declared.Contains(v))
            .Select(v => $"    {v} NVARCHAR(4000)");
        return $"""
            CREATE PROCEDURE dbo.[{ProcedureName(name)}]
            {string.Join(",\n", parameters)}
            AS
            BEGIN
            {sql}
            END
            """;
    }

    /// <summary>
    /// A statement that uses a connection's temporary table (#Name) is checked after that table's own CREATE TABLE,
    /// taken from the data layer's statements, so DacFx resolves its columns as it would in one session; a #table
    /// that no statement creates stays unresolved and fails.
    /// </summary>
    private static string WithTempTables(string sql)
    {
        var creates = TempTableCreates.Value;
        var used = Regex.Matches(sql, @"#(\w+)").Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(t => !Regex.IsMatch(sql, @"^\s*CREATE\s+TABLE\s+#" + t + @"\b", RegexOptions.IgnoreCase))
            .Where(creates.ContainsKey)
            .Select(t => creates[t] + ";\n");
        return string.Concat(used) + sql;
    }

    private static readonly Lazy<IReadOnlyDictionary<string, string>> TempTableCreates = new(() =>
        DataStatement.All.Values
            .Select(s => (s.Rendered, Match: Regex.Match(s.Rendered, @"^\s*CREATE\s+TABLE\s+#(\w+)", RegexOptions.IgnoreCase)))
            .Where(s => s.Match.Success)
            .ToDictionary(s => s.Match.Groups[1].Value, s => s.Rendered, StringComparer.OrdinalIgnoreCase));

    public static string ProcedureName(string statement) => "check_" + Regex.Replace(statement, @"\W+", "_");

    public void Dispose() => Model.Dispose();

    private static bool DefinesObject(TSqlStatement statement) => statement switch
    {
        AlterTableAddTableElementStatement add => add.Definition.ColumnDefinitions.Count == 0,
        _ => statement.GetType().Name.StartsWith("Create", StringComparison.Ordinal),
    };

    private static bool IsProblem(DacModelMessage message) =>
        message.MessageType == DacMessageType.Error || message.Number is 71501 or 71502 or 71561 or 71562;

    private static string Describe(DacModelMessage message) =>
        $"{message.MessageType} {message.Prefix}{message.Number}: {message.Message}";

    private sealed class VariableCollector : TSqlFragmentVisitor
    {
        public List<string> Referenced { get; } = [];
        public HashSet<string> Declared { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(VariableReference node)
        {
            if (!Referenced.Contains(node.Name, StringComparer.OrdinalIgnoreCase))
            {
                Referenced.Add(node.Name);
            }
        }

        public override void Visit(DeclareVariableElement node) => Declared.Add(node.VariableName.Value);

        public override void Visit(DeclareTableVariableBody node) => Declared.Add(node.VariableName.Value);
    }
}
