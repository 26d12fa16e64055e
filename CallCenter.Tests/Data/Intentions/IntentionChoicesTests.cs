using CallCenter.Data.Intentions;

namespace CallCenter.Tests.Data.Intentions;

public sealed class IntentionChoicesTests
{
    [Theory]
    [InlineData("戻りたいと考えている", ReturnIntention.WantsToReturn)]
    [InlineData("戻りたい", ReturnIntention.WantsToReturn)]
    [InlineData(" 判断がつかない ", ReturnIntention.Undecided)]
    [InlineData("まだ判断がつかない", ReturnIntention.Undecided)]
    [InlineData("戻らない", ReturnIntention.WillNotReturn)]
    [InlineData("既に戻っている", ReturnIntention.AlreadyBack)]
    [InlineData("既に町内で生活している", ReturnIntention.AlreadyBack)]
    public void Intention_IsReadFromItsFullOrShortLabel(string text, ReturnIntention expected)
    {
        Assert.Equal(expected, IntentionChoices.IntentionFromLabel(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("戻る")]
    [InlineData("1")]
    public void Intention_IsNull_ForAnythingElse(string text)
    {
        Assert.Null(IntentionChoices.IntentionFromLabel(text));
    }

    [Fact]
    public void Sets_ListTheirLabels_InTheSurveysOrder_And_EachLabelNamesItsBit()
    {
        var needs = IntentionNeeds.Schools | IntentionNeeds.Infrastructure | IntentionNeeds.Other;
        Assert.Equal(["社会基盤の復旧時期のめど", "学校の再開", "その他"], needs.Labels());
        Assert.Equal(["仕事", "子どもの教育"], (NotReturningReasons.ChildrenEducation | NotReturningReasons.Work).Labels());
        for (var i = 0; i < IntentionChoices.NeedLabels.Count; i++)
        {
            Assert.Equal((IntentionNeeds)(1 << i), IntentionChoices.NeedFromLabel(IntentionChoices.NeedLabels[i]));
        }
        for (var i = 0; i < IntentionChoices.ReasonLabels.Count; i++)
        {
            Assert.Equal((NotReturningReasons)(1 << i), IntentionChoices.ReasonFromLabel(IntentionChoices.ReasonLabels[i]));
        }
        Assert.Equal(255, (int)Enum.GetValues<IntentionNeeds>().Aggregate((a, b) => a | b));
        Assert.Equal(127, (int)Enum.GetValues<NotReturningReasons>().Aggregate((a, b) => a | b));
        Assert.Null(IntentionChoices.NeedFromLabel("放射線"));
    }

    [Fact]
    public void HousingAndChannel_ReadBackTheirLabels()
    {
        Assert.All(Enum.GetValues<HousingWish>(), h => Assert.Equal(h, IntentionChoices.HousingFromLabel(h.Label())));
        Assert.All(Enum.GetValues<AnswerChannel>(), c => Assert.Equal(c, IntentionChoices.ChannelFromLabel(c.Label())));
        Assert.Equal(AnswerChannel.Web, IntentionChoices.ChannelFromLabel("ＷＥＢ"));
        Assert.Null(IntentionChoices.ChannelFromLabel("FAX"));
    }
}
