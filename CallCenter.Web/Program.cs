using CallCenter.Web;
using CallCenter.Web.Cli;

// With a subcommand (migrate, import-residents, seed-demo, create-user, create-api-key) the executable is a
// command-line tool; with none it serves the web app.
if (args.Length > 0 && CommandLine.IsCommand(args[0]))
{
    return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

var app = WebApp.Build(args);
// A database that cannot be opened or written (missing or read-only folder or file) ends start-up with one clear
// message and exit code 1, before any hosted service (migrations) runs.
if (await CallCenter.Web.Startup.DatabaseStartupCheck.RunAsync(app.Services, Console.Error) is { } exitCode)
{
    return exitCode;
}
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the real app.</summary>
public partial class Program;
