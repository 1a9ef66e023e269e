global using DaprChannels.Channels.Abstractions;
global using DaprChannels.Contracts;
global using DaprChannels.Ingress.Webhooks;
global using DaprChannels.Integrations;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.Options;
