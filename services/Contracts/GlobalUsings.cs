global using DaprChannels.Contracts.Messages;
