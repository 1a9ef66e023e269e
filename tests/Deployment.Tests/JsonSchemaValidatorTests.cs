namespace DaprChannels.Deployment.Tests;

public class JsonSchemaValidatorTests
{
    private static readonly JsonNode Schema = JsonNode.Parse("""
        {
          "type": "object",
          "required": ["name", "replicas"],
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 1, "pattern": "^[a-z-]+$" },
            "replicas": { "type": "integer", "minimum": 0, "maximum": 10 },
            "mode": { "type": "string", "enum": ["Dapr", "Embedded"] },
            "tags": { "type": "array", "items": { "type": "string" } },
            "env": { "type": "object", "additionalProperties": { "type": "string" } },
            "cpu": { "type": ["string", "number"] }
          }
        }
        """)!;

    [Fact]
    public void Accepts_a_valid_instance()
    {
        var instance = JsonNode.Parse("""{"name":"bot-responder","replicas":2,"mode":"Dapr","tags":["a"],"env":{"A":"1"},"cpu":0.5}""");

        JsonSchemaValidator.Validate(Schema, instance).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"replicas":1}""", "missing required 'name'")]
    [InlineData("""{"name":"a","replicas":1,"extra":true}""", "$.extra: not allowed")]
    [InlineData("""{"name":"a","replicas":"1"}""", "$.replicas: expected")]
    [InlineData("""{"name":"a","replicas":1.5}""", "$.replicas: expected")]
    [InlineData("""{"name":"a","replicas":11}""", "is above 10")]
    [InlineData("""{"name":"a","replicas":-1}""", "is below 0")]
    [InlineData("""{"name":"a","replicas":1,"mode":"dapr"}""", "is not one of")]
    [InlineData("""{"name":"Upper","replicas":1}""", "does not match")]
    [InlineData("""{"name":"","replicas":1}""", "shorter than 1")]
    [InlineData("""{"name":"a","replicas":1,"tags":[1]}""", "$.tags[0]: expected")]
    [InlineData("""{"name":"a","replicas":1,"env":{"A":1}}""", "$.env.A: expected")]
    [InlineData("""{"name":"a","replicas":1,"cpu":true}""", "$.cpu: expected")]
    public void Reports_each_kind_of_violation(string instance, string expectedError)
    {
        JsonSchemaValidator.Validate(Schema, JsonNode.Parse(instance))
            .Should().Contain(e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_keywords_it_does_not_check()
    {
        var schema = JsonNode.Parse("""{"type":"object","oneOf":[{"type":"object"}]}""")!;

        var validate = () => JsonSchemaValidator.Validate(schema, new JsonObject());

        validate.Should().Throw<NotSupportedException>().WithMessage("*oneOf*");
    }
}
