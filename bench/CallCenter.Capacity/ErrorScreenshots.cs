using System.Globalization;
using Microsoft.Playwright;

namespace CallCenter.Capacity;

/// <summary>A screenshot of the first few errors of a run, so that an error in the report can be looked at.</summary>
public sealed class ErrorScreenshots(string folder, int operators)
{
    private const int Most = 5;
    private int taken;

    public async Task SaveAsync(IPage page, string step)
    {
        var n = Interlocked.Increment(ref taken);
        if (n > Most)
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"k{operators}-{n}-{step}.png"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            Console.WriteLine($"   error screenshot: {path}");
        }
        catch (PlaywrightException)
        {
            // The page is gone: the error itself is in the report.
        }
    }
}
