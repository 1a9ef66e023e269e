using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Instagram;

public class InstagramCredentialsTests() : MetaCredentialsContract(InstagramCredentials.AccessToken, InstagramCredentials.Prepare);
