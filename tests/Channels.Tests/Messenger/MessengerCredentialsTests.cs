using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.Messenger;

public class MessengerCredentialsTests() : MetaCredentialsContract(MessengerCredentials.PageAccessToken, MessengerCredentials.Prepare);
