using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Files;

public sealed class PrivateTempFilesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("callcenter-files-test-").FullName;
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private PrivateTempFiles Create() =>
        new(Options.Create(new TempFileOptions { Folder = root, ExpiryMinutes = 15 }), clock, NullLogger<PrivateTempFiles>.Instance);

    [Fact]
    public void StartUp_DeletesTheFilesOfInstancesNoLongerRunning_And_KeepsRunningOnes()
    {
        // int.MaxValue is above Linux's largest process id: that instance is certainly not running.
        var crashed = Directory.CreateDirectory(Path.Combine(root, $"p{int.MaxValue}-0123456789abcdef")).FullName;
        File.WriteAllText(Path.Combine(crashed, "left.csv"), "住民番号\r\n");
        var running = Create();
        File.WriteAllText(running.NewPath(".csv"), "住民番号\r\n");

        var next = Create();

        Assert.False(Directory.Exists(crashed));
        Assert.Single(Directory.GetFiles(running.Folder));
        Assert.NotEqual(running.Folder, next.Folder);
    }

    [Fact]
    public void Folder_IsOnlyForTheAppsUser()
    {
        var files = Create();

        Assert.True(OperatingSystem.IsWindows() || Directory.Exists(files.Folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(files.Folder));
        }
    }

    [Fact]
    public void DeleteExpired_DeletesFilesNotWrittenForTheExpiry()
    {
        var files = Create();
        var old = files.NewPath(".csv");
        File.WriteAllText(old, "a");
        File.SetLastWriteTimeUtc(old, clock.GetUtcNow().UtcDateTime.AddMinutes(-16));
        var fresh = files.NewPath(".csv");
        File.WriteAllText(fresh, "b");
        File.SetLastWriteTimeUtc(fresh, clock.GetUtcNow().UtcDateTime.AddMinutes(-14));

        Assert.Equal(1, files.DeleteExpired());

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public void Delete_IgnoresPathsOutsideTheFolder()
    {
        var files = Create();
        var outside = Path.Combine(root, "outside.csv");
        File.WriteAllText(outside, "a");

        files.Delete(outside);

        Assert.True(File.Exists(outside));
    }
}
