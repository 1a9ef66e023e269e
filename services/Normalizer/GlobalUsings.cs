global using DaprChannels.BuildingBlocks.PubSub;
global using DaprChannels.Contracts.Events;
global using DaprChannels.Integrations;
