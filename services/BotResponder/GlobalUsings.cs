global using DaprChannels.Contracts.Events;
global using DaprChannels.Contracts.Integrations;
global using DaprChannels.Contracts.Messages;
global using DaprChannels.Integrations.Outbound;
