global using System.Net;
global using DaprChannels.Integrations.Outbound;
