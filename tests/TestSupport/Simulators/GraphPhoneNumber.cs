namespace DaprChannels.TestSupport.Simulators;

/// <summary>A business phone number the Graph API simulator knows.</summary>
public sealed record GraphPhoneNumber(string Id, string DisplayPhoneNumber, string VerifiedName);
