using System.Collections.Concurrent;
using CallCenter.Tests.Browser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The real app (as <see cref="CallCenterAppFactory"/>) whose log lines are kept for the test to read, and whose
/// services a test may add to (a real service in place of another, never a mock of the database).
/// </summary>
public sealed class CapturingAppFactory(IReadOnlyDictionary<string, string?>? settings = null, string? databasePath = null,
    Action<IServiceCollection>? services = null) : CallCenterAppFactory(settings, databasePath)
{
    private readonly LogCapture capture = new();

    /// <summary>Every line logged so far: level, category, message and any exception's message.</summary>
    public IReadOnlyList<string> LogLines => capture.Lines.ToList();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(capture));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
                }
            }
        }
    }
}
