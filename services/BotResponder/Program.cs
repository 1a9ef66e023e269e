using DaprChannels.BotResponder;
using DaprChannels.ServiceDefaults;

var app = WebApplication.CreateBuilder(args).AddServiceDefaults(BotResponderExtensions.AppId).AddBotResponder().Build();
app.MapDefaultEndpoints().MapBotResponder();
app.Run();
