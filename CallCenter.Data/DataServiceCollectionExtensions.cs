using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CallCenter.Data.Provisional;

namespace CallCenter.Data;

/// <summary>Registers the data layer.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>SqlServer</c>) and
    /// <c>ConnectionStrings:CallCenter</c>, and registers the connection factory, migrations and repositories.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="baseDirectory">Folder a relative SQLite file is resolved against (the content root).</param>
    public static IServiceCollection AddCallCenterData(this IServiceCollection services, IConfiguration configuration, string? baseDirectory = null)
    {
        var options = ReadOptions(configuration, baseDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<Migrations>();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<WalCheckpointer>();
        // One per database: the audit rows of reads and the presence heartbeats share its transactions (drained on dispose).
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<SettingsRepository>();
        services.AddSingleton<Towns.TownRepository>();
        services.AddSingleton(new Towns.TownDefaults(configuration["Town:Code"], configuration["Town:Name"]));
        services.AddSingleton<ResidentRepository>();
        services.AddSingleton<SearchIndex>();
        services.AddSingleton<ResidentSearch>();
        services.AddSingleton<ResidentViewRepository>();
        services.AddSingleton<ProvisionalPersonService>();
        services.AddSingleton<Calls.CallRecordingService>();
        services.AddSingleton<Calls.WrapUpCodes>();
        services.AddSingleton<Calls.UnregisteredCalls>();
        services.AddSingleton<Calls.CallLog>();
        services.AddSingleton<Calls.CallLinks>();
        services.AddSingleton<Requests.RequestCategories>();
        services.AddSingleton<Requests.Departments>();
        services.AddSingleton<Requests.RequestRecorder>();
        services.AddSingleton<Requests.RequestRepository>();
        services.AddSingleton<PhoneLookup>();
        services.AddSingleton<Exports.ExportService>();
        services.AddSingleton<Outbound.OutboundQueue>();
        services.AddSingleton<Outbound.OutboundWorklist>();
        services.AddSingleton<Outbound.OutboundAttempts>();
        services.AddSingleton<Outbound.OutboundHouseholdView>();
        services.AddSingleton<Outbound.OutboundCampaign>();
        services.AddSingleton<Outbound.OutboundFigures>();
        services.AddSingleton<Outbound.OutboundEscalations>();
        services.AddSingleton<Outbound.OutboundDistricts>();
        services.AddSingleton<Outbound.OutboundLists>();
        services.AddSingleton<Outbound.OutboundCampaigns>();
        services.AddSingleton<Intentions.IntentionSummary>();
        services.AddSingleton<Intentions.IntentionHouseholdList>();
        services.AddSingleton<Exports.IntentionExports>();
        services.AddSingleton<Dashboard.DashboardRepository>();
        services.AddSingleton<Dashboard.IDashboardSource>(sp => sp.GetRequiredService<Dashboard.DashboardRepository>());
        services.AddSingleton<ReportRepository>();
        services.AddSingleton<ResidentImportService>();
        services.AddSingleton<StatusListImportService>();
        services.AddSingleton<StatusReviewQueue>();
        services.AddSingleton<Intentions.SurveyRounds>();
        services.AddSingleton<Intentions.IntentionAnswers>();
        services.AddSingleton<Intentions.IntentionImportService>();
        services.AddSingleton<Accounts.UserRepository>();
        services.AddSingleton<Audit.AuditRepository>();
        services.AddSingleton<ApiKeys.ApiKeyRepository>();
        services.AddSingleton<Accounts.DatabaseXmlRepository>();
        services.AddSingleton<Accounts.SessionRepository>();
        services.AddSingleton<Accounts.SignInFailureRepository>();
        services.AddSingleton<Announcements.AnnouncementBoard>();
        services.AddSingleton<Announcements.AnnouncementDeliveries>();
        services.AddSingleton<Announcements.AnnouncementCoverage>();
        services.AddSingleton<Demo.DemoTownSeeder>();
        services.AddSingleton(Approvals.ApprovalPolicy.From(configuration));
        services.AddSingleton<Approvals.ApprovalService>();
        services.AddSingleton<Inquiries.InquiryRepository>();
        services.AddSingleton(Requests.RequestOverdue.From(configuration));
        services.AddSingleton<Requests.RequestWork>();
        services.AddSingleton<Requests.RequestQueue>();
        services.AddSingleton<Requests.RequestSummary>();
        services.AddSingleton<TalkScripts.TalkScriptRepository>();
        services.AddSingleton<Announcements.PublicNotices>();
        // Issue 18, the mailing address (送付先).
        services.AddSingleton<Mailing.MailingAddresses>();
        services.AddSingleton<Mailing.MailingAddressRecorder>();
        services.AddSingleton<Mailing.MailingImportService>();
        // Issue 18, part D: the mailing exports and returned mail.
        services.AddSingleton<Mailing.MailingExports>();
        services.AddSingleton<Mailing.ReturnedMailRecorder>();
        return services;
    }

    /// <summary>The database options from configuration; throws with a clear message when they are wrong.</summary>
    public static DatabaseOptions ReadOptions(IConfiguration configuration, string? baseDirectory = null)
    {
        var providerText = configuration["Database:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider must be Sqlite or SqlServer, not '{providerText}'.");
        }
        var connectionString = configuration.GetConnectionString("CallCenter");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.SqlServer)
            {
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but ConnectionStrings:CallCenter is not set.");
            }
            connectionString = DatabaseOptions.DefaultSqliteConnectionString;
        }
        if (baseDirectory is not null)
        {
            connectionString = SqlDialect.For(provider).ResolveRelativePaths(connectionString, baseDirectory);
        }
        return new DatabaseOptions(provider, connectionString);
    }
}
