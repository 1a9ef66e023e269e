using Microsoft.Extensions.Hosting;

namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Refuses settings the policy could not apply as written, and the loopback escape hatch outside
/// Development and Testing: a production host that has it set does not start, rather than quietly
/// letting tenants reach the sidecar.
/// </summary>
public sealed class OutboundUrlOptionsValidator(IHostEnvironment environment) : IValidateOptions<OutboundUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundUrlOptions options)
    {
        var failures = new List<string>();
        if (options.AllowLoopbackForTesting && !IsTestEnvironment(environment))
        {
            failures.Add($"{OutboundUrlOptions.Section}:{nameof(OutboundUrlOptions.AllowLoopbackForTesting)} is for tests only and is refused in the '{environment.EnvironmentName}' environment.");
        }

        foreach (var network in options.AllowedPrivateNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                failures.Add($"'{network}' in {OutboundUrlOptions.Section}:{nameof(OutboundUrlOptions.AllowedPrivateNetworks)} is not a CIDR range such as 10.20.0.0/16.");
            }
        }

        if (options.MaxResponseBytes <= 0)
        {
            failures.Add($"{OutboundUrlOptions.Section}:{nameof(OutboundUrlOptions.MaxResponseBytes)} must be positive.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{OutboundUrlOptions.Section}:{nameof(OutboundUrlOptions.Timeout)} must be positive.");
        }

        failures.AddRange(options.DeniedPorts.Where(p => p is < 1 or > 65535)
            .Select(p => $"{p} in {OutboundUrlOptions.Section}:{nameof(OutboundUrlOptions.DeniedPorts)} is not a port."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsTestEnvironment(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(OutboundUrlOptions.TestingEnvironment);
}
