global using DaprChannels.Channels.Abstractions;
global using DaprChannels.Contracts.Events;
