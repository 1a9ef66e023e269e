using System.Text.Json;

namespace DaprChannels.Channels.Tests.Meta;

/// <summary>The answers of debug_token, the token exchange and subscribed_apps, in the shapes Meta documents.</summary>
public class MetaTokenPayloadTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Debug_token_with_expires_at_zero_never_expires()
    {
        var info = MetaTokenInfo.Read(Json("""
            {"data":{"app_id":"1517776481860111","type":"SYSTEM_USER","application":"Acme","data_access_expires_at":0,
             "expires_at":0,"is_valid":true,"issued_at":1700000000,"scopes":["whatsapp_business_management","whatsapp_business_messaging"],"user_id":"1022"}}
            """))!;

        info.IsValid.Should().BeTrue();
        info.NeverExpires.Should().BeTrue();
        info.DataAccessExpiresAt.Should().BeNull();
        info.AppId.Should().Be("1517776481860111");
        info.HasScope("whatsapp_business_messaging").Should().BeTrue();
        info.HasScope("pages_messaging").Should().BeFalse();
    }

    [Fact]
    public void Debug_token_of_an_expired_token_carries_the_expiry_and_the_error_code()
    {
        var info = MetaTokenInfo.Read(Json("""
            {"data":{"app_id":138483919580948,"type":"USER","expires_at":1352419328,"data_access_expires_at":1360000000,"is_valid":false,
             "error":{"code":190,"message":"Error validating access token: Session has expired","subcode":463},"scopes":[]}}
            """))!;

        info.IsValid.Should().BeFalse();
        info.ErrorCode.Should().Be(190);
        info.AppId.Should().Be("138483919580948", "a numeric app id is read as its digits");
        info.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1352419328));
        info.DataAccessExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1360000000));
    }

    [Fact]
    public void An_answer_without_data_is_not_token_information()
    {
        MetaTokenInfo.Read(Json("""{"error":{"code":190}}""")).Should().BeNull();
        MetaTokenInfo.Read(Json("[]")).Should().BeNull();
    }

    [Fact]
    public void An_issued_token_expires_expires_in_seconds_from_now()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        var token = MetaIssuedToken.Read(Json("""{"access_token":"EAAlong","token_type":"bearer","expires_in":5183944}"""), now)!;
        var withoutExpiry = MetaIssuedToken.Read(Json("""{"access_token":"EAAlong","token_type":"bearer"}"""), now)!;

        token.AccessToken.Should().Be("EAAlong");
        token.ExpiresAt.Should().Be(now.AddSeconds(5183944));
        withoutExpiry.ExpiresAt.Should().BeNull();
        MetaIssuedToken.Read(Json("""{"token_type":"bearer"}"""), now).Should().BeNull();
    }

    [Fact]
    public void Subscribed_apps_are_read_in_the_page_and_the_business_account_shapes()
    {
        var page = MetaSubscribedApps.Read(Json("""
            {"data":[{"category":"Business","link":"https://www.facebook.com/games/?app_id=1517776481860111","name":"Acme",
              "id":"1517776481860111","subscribed_fields":["messages","messaging_postbacks"]}]}
            """));
        var waba = MetaSubscribedApps.Read(Json("""
            {"data":[{"whatsapp_business_api_data":{"id":"670843887433847","link":"https://www.facebook.com/games/?app_id=670843887433847","name":"Jaspers Market"}},
                     {"whatsapp_business_api_data":{"id":"525654321","name":"Jaspers Fresh Finds"}}]}
            """));

        page.Should().ContainSingle().Which.Should().BeEquivalentTo(new MetaSubscribedApp("1517776481860111", "Acme", ["messages", "messaging_postbacks"]));
        waba.Select(a => (a.Id, a.Name)).Should().Equal(("670843887433847", "Jaspers Market"), ("525654321", "Jaspers Fresh Finds"));
        waba.Should().OnlyContain(a => a.Fields.Count == 0);
        MetaSubscribedApps.Read(Json("""{"data":[]}""")).Should().BeEmpty();
    }
}
