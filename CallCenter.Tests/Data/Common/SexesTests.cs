using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public class SexesTests
{
    [Theory]
    [InlineData("男", Sex.Male)]
    [InlineData("女", Sex.Female)]
    [InlineData("その他", Sex.Other)]
    [InlineData("M", Sex.Male)]
    [InlineData("f", Sex.Female)]
    [InlineData("X", Sex.Other)]
    [InlineData("1", Sex.Male)]
    [InlineData("２", Sex.Female)]
    [InlineData("9", Sex.Other)]
    public void TryParse_Accepts_EveryDocumentedForm(string text, Sex expected)
    {
        Assert.True(Sexes.TryParse(text, out var sex));
        Assert.Equal(expected, sex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("不明")]
    public void TryParse_Rejects_UnknownForms(string text)
    {
        Assert.False(Sexes.TryParse(text, out _));
    }
}
