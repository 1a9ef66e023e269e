using DaprChannels.BotResponder;
using DaprChannels.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(BotResponderExtensions.AppId).AddBotResponder();
var app = builder.Build();
app.MapDefaultEndpoints().MapBotResponder();
app.Run();
