using CallCenter.Data.Database;

namespace CallCenter.Data.Requests;

/// <summary>The departments (担当課) a request goes to and a staff account may belong to: 総務課, 住民課 … 復興推進課. Admins edit it (see <see cref="EditableList"/>).</summary>
public sealed class Departments(ConnectionFactory connections, TimeProvider? time = null) : EditableList(connections, time)
{
    private const string ListSql = """
          SELECT DepartmentId AS Id, Name AS Label, SortOrder, IsActive
            FROM Departments
        ORDER BY SortOrder, DepartmentId
        """;

    private const string FindSql = """
        SELECT DepartmentId AS Id, Name AS Label, SortOrder, IsActive
          FROM Departments
         WHERE DepartmentId = @Id
        """;

    private const string LabelTakenSql = """
        SELECT COUNT(*)
          FROM Departments
         WHERE Name = @Label
           AND DepartmentId <> @Id
        """;

    private const string MaxSortOrderSql = """
        SELECT COALESCE(MAX(SortOrder), 0)
          FROM Departments
        """;

    private const string AddSql = """
        INSERT INTO Departments (Name, SortOrder, IsActive)
             VALUES (@Label, @SortOrder, 1);
        {last_id}
        """;

    private const string RenameSql = """
        UPDATE Departments
           SET Name = @Label
         WHERE DepartmentId = @Id
        """;

    private const string SetSortOrderSql = """
        UPDATE Departments
           SET SortOrder = @SortOrder
         WHERE DepartmentId = @Id
        """;

    private const string SetActiveSql = """
        UPDATE Departments
           SET IsActive = @IsActive
         WHERE DepartmentId = @Id
        """;

    private static readonly EditableListStatements Statements =
        new(ListSql, FindSql, LabelTakenSql, MaxSortOrderSql, AddSql, RenameSql, SetSortOrderSql, SetActiveSql);

    /// <inheritdoc/>
    public override string Noun => "担当課";

    /// <inheritdoc/>
    protected override string TargetType => "department";

    /// <inheritdoc/>
    protected override EditableListStatements Sql => Statements;
}
