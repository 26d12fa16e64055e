using CallCenter.Data.Requests;
using CallCenter.Web.Components.Pages.Requests;

namespace CallCenter.Tests.Web.Requests;

public sealed class RequestQueryStringTests
{
    [Fact]
    public void AFilter_GoesIntoTheAddress_AndComesBackTheSame()
    {
        var filter = new RequestFilter
        {
            State = RequestState.All, DepartmentId = 4, CategoryId = 5, IsUrgent = false, District = "浜区", PrefectureCode = 7,
            AgeBand = 4, From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 31), OverdueOnly = true,
        };

        var uri = RequestQueryString.Of(filter, 2);

        Assert.Equal(filter, RequestQueryString.Parse("http://localhost" + uri));
        Assert.Equal(2, RequestQueryString.PageIndex("http://localhost" + uri));
        Assert.Equal("/requests", RequestQueryString.Of(new RequestFilter()));
    }

    [Fact]
    public void AMonth_IsItsFirstToLastDay_And_BadValuesAreIgnored()
    {
        var filter = RequestQueryString.Parse("http://localhost/requests?month=2026-02&status=9&age=x&category=&urgent=maybe");

        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), (filter.From!.Value, filter.To!.Value));
        Assert.Equal((null, null, null, null), (filter.Status, filter.AgeBand, filter.CategoryId, filter.IsUrgent));
        Assert.Equal(RequestState.Open, filter.State);
    }

    [Fact]
    public void AFigureOfTheSummary_OpensItsRequests()
    {
        var march = new RequestTally { Dimension = RequestDimension.Month, Value = "2026-03" };
        var unknownAge = new RequestTally { Dimension = RequestDimension.AgeBand, Value = "-1" };

        Assert.Equal("/requests?state=all&from=2026-03-01&to=2026-03-31", RequestQueryString.Behind(march));
        Assert.Equal("/requests?state=closed&age=-1", RequestQueryString.Behind(unknownAge, RequestState.Closed));
    }
}
