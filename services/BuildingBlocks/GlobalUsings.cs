global using System.Text.Json;
global using DaprChannels.BuildingBlocks.PubSub;
global using DaprChannels.Contracts.Events;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
