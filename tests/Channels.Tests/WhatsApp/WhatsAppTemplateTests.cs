namespace DaprChannels.Channels.Tests.WhatsApp;

public class WhatsAppTemplateTests
{
    [Fact]
    public async Task A_template_goes_with_its_name_language_and_parameters_in_order()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddTemplate("order_update", "en_US", bodyParameters: 2);

        var result = await harness.SendAsync(new TemplateContent("order_update", "en_US", ["Ada", "#1234"], ["Shipping"]));

        result.Status.Should().Be(SendStatus.Sent);
        result.PlatformMessageId.Should().Be("wamid.SIM000001");
        result.Degradations.Should().BeEmpty();
        var call = harness.Simulator.Sends.Single();
        call.Field("type").Should().Be("template");
        call.Field("to").Should().Be(WhatsAppHarness.UserWaId);
        call.Field("template.name").Should().Be("order_update");
        call.Field("template.language.code").Should().Be("en_US");
        var components = call.Node("template.components")!.AsArray();
        components.Select(c => (string?)c!["type"]).Should().Equal("header", "body");
        components[0]!["parameters"]!.AsArray().Select(p => (string?)p!["text"]).Should().Equal("Shipping");
        components[1]!["parameters"]!.AsArray().Select(p => ((string?)p!["type"], (string?)p!["text"]))
            .Should().Equal(("text", "Ada"), ("text", "#1234"));
    }

    [Fact]
    public async Task A_template_without_variables_goes_without_components()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddTemplate("hello_world", "en_US");

        var result = await harness.SendAsync(new TemplateContent("hello_world", "en_US", []));

        result.Status.Should().Be(SendStatus.Sent);
        harness.Simulator.Sends.Single().Node("template.components").Should().BeNull();
    }

    [Fact]
    public async Task Line_breaks_and_long_runs_of_spaces_in_parameters_are_flattened_so_the_template_is_accepted()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddTemplate("reply_followup", "en_US", bodyParameters: 1);

        var result = await harness.SendAsync(new TemplateContent("reply_followup", "en_US", ["Line one\nLine two\r\n\tand      more"]));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Equal("template parameter whitespace flattened");
        harness.Simulator.Sends.Single().Node("template.components")![0]!["parameters"]![0]!["text"]!.GetValue<string>()
            .Should().Be("Line one Line two and  more");
    }

    [Fact]
    public async Task An_unknown_template_is_a_permanent_failure_with_the_platforms_reason()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddTemplate("order_update", "en_US", bodyParameters: 1);

        var unknown = await harness.SendAsync(new TemplateContent("no_such_template", "en_US", ["x"]));
        var untranslated = await harness.SendAsync(new TemplateContent("order_update", "de", ["x"]));

        unknown.Status.Should().Be(SendStatus.Permanent);
        unknown.ErrorCode.Should().Be("132001");
        unknown.Reason.Should().Contain("Template name does not exist in the translation");
        untranslated.ErrorCode.Should().Be("132001");
    }

    [Fact]
    public async Task A_template_without_a_name_is_not_sent()
    {
        await using var harness = await WhatsAppHarness.StartAsync();

        var result = await harness.SendAsync(new TemplateContent("", "en_US", ["x"]));

        result.Status.Should().Be(SendStatus.Permanent);
        result.Degradations.Should().Contain("template without a name or language code");
        harness.Simulator.Sends.Should().BeEmpty();
    }

    [Fact]
    public async Task Once_the_window_is_closed_free_text_is_refused_with_131047_and_a_template_still_goes()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddTemplate("reply_followup", "en_US", bodyParameters: 1);
        harness.Simulator.CloseWindow(WhatsAppHarness.UserWaId);

        var text = await harness.SendAsync(new TextContent("Are you still there?"));
        var template = await harness.SendAsync(new TemplateContent("reply_followup", "en_US", ["Are you still there?"]));

        text.Status.Should().Be(SendStatus.Permanent);
        text.ErrorCode.Should().Be(SendErrorCodes.OutsideCustomerServiceWindow);
        text.Reason.Should().Contain("131047");
        template.Status.Should().Be(SendStatus.Sent);
        harness.Simulator.Sends.Select(s => s.StatusCode).Should().Equal(400, 200);
    }
}
