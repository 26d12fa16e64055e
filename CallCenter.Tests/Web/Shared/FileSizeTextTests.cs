using CallCenter.Web.Components.Shared;

namespace CallCenter.Tests.Web.Shared;

public sealed class FileSizeTextTests
{
    [Theory]
    [InlineData(0, "0 バイト")]
    [InlineData(1023, "1,023 バイト")]
    [InlineData(1024, "1.0 KB")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(1024 * 1024, "1.0 MB")]
    [InlineData(25L * 1024 * 1024 + 512 * 1024, "25.5 MB")]
    public void Format_WritesBytesKilobytesOrMegabytes(long bytes, string expected) =>
        Assert.Equal(expected, FileSizeText.Format(bytes));
}
