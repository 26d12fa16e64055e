using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("0240-12-3456", "0240123456")]
    [InlineData("０２４０－１２－３４５６", "0240123456")]
    [InlineData("0240ー12ー3456", "0240123456")]
    [InlineData("(0240) 12 3456", "0240123456")]
    [InlineData("090‐1234‐5678", "09012345678")]
    [InlineData("+81-90-1234-5678", "09012345678")]
    [InlineData("+81 240 12 3456", "0240123456")]
    [InlineData("81-90-1234-5678", "09012345678")]
    public void Key_KeepsDigitsOnly_When_AnyWidthOrHyphenation(string text, string expected)
    {
        Assert.Equal(expected, PhoneNumbers.Key(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("なし")]
    [InlineData("090-1234-abcd")]
    [InlineData("+1 555 0100")]
    public void Key_IsNull_When_NotAJapanesePhoneNumber(string text)
    {
        Assert.Null(PhoneNumbers.Key(text));
    }
}
