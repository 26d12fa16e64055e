using CallCenter.Data.Database;

namespace CallCenter.Data.Requests;

/// <summary>The request categories (分類) offered when recording a request: 住まい・住宅, 仕事・雇用 … その他. Admins edit it (see <see cref="EditableList"/>).</summary>
public sealed class RequestCategories(ConnectionFactory connections, TimeProvider? time = null) : EditableList(connections, time)
{
    private const string ListSql = """
          SELECT CategoryId AS Id, Label AS Label, SortOrder, IsActive
            FROM RequestCategories
        ORDER BY SortOrder, CategoryId
        """;

    private const string FindSql = """
        SELECT CategoryId AS Id, Label AS Label, SortOrder, IsActive
          FROM RequestCategories
         WHERE CategoryId = @Id
        """;

    private const string LabelTakenSql = """
        SELECT COUNT(*)
          FROM RequestCategories
         WHERE Label = @Label
           AND CategoryId <> @Id
        """;

    private const string MaxSortOrderSql = """
        SELECT COALESCE(MAX(SortOrder), 0)
          FROM RequestCategories
        """;

    private const string AddSql = """
        INSERT INTO RequestCategories (Label, SortOrder, IsActive)
             VALUES (@Label, @SortOrder, 1);
        {last_id}
        """;

    private const string RenameSql = """
        UPDATE RequestCategories
           SET Label = @Label
         WHERE CategoryId = @Id
        """;

    private const string SetSortOrderSql = """
        UPDATE RequestCategories
           SET SortOrder = @SortOrder
         WHERE CategoryId = @Id
        """;

    private const string SetActiveSql = """
        UPDATE RequestCategories
           SET IsActive = @IsActive
         WHERE CategoryId = @Id
        """;

    private static readonly EditableListStatements Statements =
        new(ListSql, FindSql, LabelTakenSql, MaxSortOrderSql, AddSql, RenameSql, SetSortOrderSql, SetActiveSql);

    /// <inheritdoc/>
    public override string Noun => "分類";

    /// <inheritdoc/>
    protected override string TargetType => "request-category";

    /// <inheritdoc/>
    protected override EditableListStatements Sql => Statements;
}
