using CallCenter.Data.Requests;

namespace CallCenter.Tests.Data.Requests;

public sealed class RequestStatusesTests
{
    [Fact]
    public void Labels_FollowTheLifeOfARequest_And_ReadBack()
    {
        Assert.Equal(["受付", "回付", "対応中", "完了", "対応不可"], RequestStatuses.All.Select(s => s.Label()));
        Assert.All(RequestStatuses.All, s => Assert.Equal(s, RequestStatuses.FromLabel($" {s.Label()} ")));
        Assert.Null(RequestStatuses.FromLabel("済"));
    }

    [Fact]
    public void OnlyDoneAndDeclined_CloseARequest()
    {
        Assert.Equal([RequestStatus.Done, RequestStatus.Declined], RequestStatuses.All.Where(s => s.IsClosed()));
    }
}
