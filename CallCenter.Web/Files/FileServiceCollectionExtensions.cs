using CallCenter.Web.Components.Pages.Exports;

namespace CallCenter.Web.Files;

/// <summary>The exports page and the register upload: private temporary files, download links, upload limits.</summary>
public static class FileServiceCollectionExtensions
{
    public static IServiceCollection AddFilePages(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TempFileOptions>(configuration.GetSection("TempFiles"));
        services.Configure<RegisterUploadOptions>(configuration.GetSection("RegisterUpload"));
        services.AddSingleton<PrivateTempFiles>();
        services.AddSingleton<ExportDownloads>();
        services.AddScoped<ExportFileMaker>();
        services.AddHostedService<TempFileSweeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapFilePages(this IEndpointRouteBuilder app) => ExportDownloads.MapExportDownloads(app);
}

/// <summary>The <c>RegisterUpload</c> configuration section.</summary>
public sealed class RegisterUploadOptions
{
    /// <summary>The largest register file the upload page accepts, in megabytes.</summary>
    public int MaxMegabytes { get; set; } = 50;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;
}
