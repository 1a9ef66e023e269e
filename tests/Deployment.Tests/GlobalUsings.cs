global using System.Text.Json.Nodes;
global using System.Text.RegularExpressions;
global using DaprChannels.BuildingBlocks;
global using DaprChannels.Deployment.Tests.Support;
