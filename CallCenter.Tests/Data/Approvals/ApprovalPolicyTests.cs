using CallCenter.Data.Approvals;
using CallCenter.Data.Reports;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Tests.Data.Approvals;

public sealed class ApprovalPolicyTests
{
    [Fact]
    public void Policy_ReadsConfiguration()
    {
        static ApprovalPolicy Read(string? value) => ApprovalPolicy.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ApprovalPolicy.RequireForMissingKey] = value }).Build());

        Assert.True(Read(null).Requires(SafetyStatus.Missing));
        Assert.False(Read("false").Requires(SafetyStatus.Missing));
        Assert.True(Read("false").Requires(SafetyStatus.Deceased));
        Assert.False(Read("True").Requires(SafetyStatus.Safe));
        Assert.Throws<InvalidOperationException>(() => Read("maybe"));
    }
}
