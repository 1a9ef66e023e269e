namespace DaprChannels.Channels.Tests.Harness;

/// <summary>What a platform's parser must find in its samples, for the <see cref="ParserContract"/>.</summary>
/// <param name="LeastSampleCount">Fewer samples than this means the folder was not copied or the glob missed it.</param>
/// <param name="BatchEventCount">The messages, statuses and leads of <see cref="BatchSample"/> that belong to the integration.</param>
/// <param name="UnknownKindSample">A sample of an event kind the channel does not map.</param>
public sealed record SampleExpectations(int LeastSampleCount, int BatchEventCount, string UnknownKindSample)
{
    /// <summary>A sample carrying several events, some of them for another account.</summary>
    public string BatchSample { get; init; } = "batched";

    /// <summary>How many unsupported messages <see cref="UnknownKindSample"/> is kept as (none where it is left out).</summary>
    public int UnknownKindMessageCount { get; init; } = 1;

    /// <summary>What a format error's message must match, where the platform names itself in it.</summary>
    public string FormatErrorMessage { get; init; } = "*";
}
