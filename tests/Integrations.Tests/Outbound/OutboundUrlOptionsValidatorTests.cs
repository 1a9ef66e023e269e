using Microsoft.Extensions.Hosting.Internal;

namespace DaprChannels.Integrations.Tests.Outbound;

public sealed class OutboundUrlOptionsValidatorTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    [InlineData("Testing", true)]
    public void The_loopback_switch_is_refused_outside_development_and_testing(string environment, bool accepted)
    {
        var validator = new OutboundUrlOptionsValidator(new HostingEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new OutboundUrlOptions { AllowLoopbackForTesting = true });

        result.Succeeded.Should().Be(accepted);
        if (!accepted)
        {
            result.FailureMessage.Should().Contain("AllowLoopbackForTesting").And.Contain(environment);
        }
    }

    [Fact]
    public void Settings_the_policy_could_not_apply_are_refused()
    {
        var validator = new OutboundUrlOptionsValidator(new HostingEnvironment { EnvironmentName = "Production" });

        var result = validator.Validate(null, new OutboundUrlOptions
        {
            AllowedPrivateNetworks = ["10.0.0.0/8", "10.0.0.0/33", "cluster"],
            MaxResponseBytes = 0,
            Timeout = TimeSpan.Zero,
            DeniedPorts = [70000],
        });

        result.Failures.Should().HaveCount(5);
        validator.Validate(null, new OutboundUrlOptions { AllowedPrivateNetworks = ["10.0.0.0/8", "fd00::/8"] }).Succeeded.Should().BeTrue();
    }
}
