using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.WhatsApp;

public class WhatsAppCredentialsTests() : MetaCredentialsContract(WhatsAppCredentials.AccessToken, WhatsAppCredentials.Prepare);
