using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public sealed class TextSafetyTests
{
    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]   // BEL
    [InlineData(0x08)]
    [InlineData(0x0B)]
    [InlineData(0x0C)]
    [InlineData(0x1B)]   // ESC
    [InlineData(0x1F)]
    [InlineData(0x7F)]   // DEL
    [InlineData(0x80)]
    [InlineData(0x85)]   // NEL
    [InlineData(0x9B)]   // CSI
    [InlineData(0x9F)]
    [InlineData(0x202A)]
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)] // RIGHT-TO-LEFT OVERRIDE
    [InlineData(0x2066)]
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    public void Refuses_ControlAndBidirectionalCharacters(int codePoint)
    {
        var text = "山田" + (char)codePoint + "花子";

        Assert.True(TextSafety.IsForbidden(codePoint));
        Assert.Equal(2, TextSafety.IndexOfForbidden(text));
        Assert.Equal($"使用できない制御文字 U+{codePoint:X4} が含まれています", TextSafety.Problem(text));
        Assert.Equal("山田花子", TextSafety.Strip(text));
        var error = Assert.Throws<UnsafeTextException>(() => TextSafety.Ensure(("氏名", "ok"), ("メモ", text)));
        Assert.Equal("メモ", error.Field);
        Assert.Equal($"メモに使用できない制御文字 U+{codePoint:X4} が含まれています。削除してから保存してください。", error.Message);
    }

    [Theory]
    [InlineData("tab\tand\r\nline breaks")]
    [InlineData("葛\U000E0100城")]     // ideographic variation selector (IVS), outside the BMP
    [InlineData("辻\uFE00")]           // standardized variation selector
    [InlineData("\u200D\u200C")]      // joiners are not bidi controls
    [InlineData("\u00A0 \u3000")]     // spaces
    [InlineData("𠮷田 ﾀﾛｳ ①")]
    [InlineData("")]
    [InlineData(null)]
    public void Keeps_TextAndVariationSelectors(string? text)
    {
        Assert.Equal(-1, TextSafety.IndexOfForbidden(text));
        Assert.Null(TextSafety.Problem(text));
        TextSafety.Ensure(("氏名", text));
        if (text is not null)
        {
            Assert.Same(text, TextSafety.Strip(text));
        }
    }

    [Fact]
    public void RefusesExactlyTheListedCodePoints_InTheWholeBmp()
    {
        var refused = Enumerable.Range(0, 0x10000).Where(TextSafety.IsForbidden).ToList();
        var expected = Enumerable.Range(0, 0x20).Where(c => c is not (9 or 10 or 13))
            .Concat(Enumerable.Range(0x7F, 0x21))
            .Concat(Enumerable.Range(0x202A, 5))
            .Concat(Enumerable.Range(0x2066, 4));
        Assert.Equal(expected, refused);
        Assert.All(Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF), c =>
            Assert.Equal(TextSafety.IsForbidden(c), TextSafety.IndexOfForbidden(((char)c).ToString()) == 0));
    }
}
