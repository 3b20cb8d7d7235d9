using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Sidecar.StandIn.Tests.Infrastructure;

namespace Sidecar.StandIn.Tests.Client;

/// <summary>The official Elastic.Clients.Elasticsearch 9.x client against the stand-in.</summary>
public sealed class OfficialClientTests : IClassFixture<StandInFixture>
{
    private readonly StandInFixture _fixture;
    private readonly ElasticsearchClient _client;

    public OfficialClientTests(StandInFixture fixture)
    {
        _fixture = fixture;
        _client = new ElasticsearchClient(new ElasticsearchClientSettings(fixture.Server.BaseUri));
    }

    [Fact]
    public async Task Client_InfoAsync_Succeeds()
    {
        var info = await _client.InfoAsync();

        Assert.True(info.IsValidResponse, info.DebugInformation);
        Assert.Equal("9.1.0", info.Version.Number);
        Assert.Equal("You Know, for Search", info.Tagline);
    }

    [Fact]
    public async Task Client_IndexGetAndDelete_RoundTrip()
    {
        var index = NewIndexName();
        var product = new Product { Title = "Kindle Paperwhite", Brand = "Amazon", Price = 129.99, Tags = ["e-reader"] };

        var indexed = await _client.IndexAsync(product, index, "p1");
        var got = await _client.GetAsync<Product>(index, "p1");
        var deleted = await _client.DeleteAsync(index, "p1");
        var gone = await _client.GetAsync<Product>(index, "p1");

        Assert.True(indexed.IsValidResponse, indexed.DebugInformation);
        Assert.Equal(Result.Created, indexed.Result);
        Assert.Equal(1, indexed.Version);
        Assert.True(got.IsValidResponse, got.DebugInformation);
        Assert.True(got.Found);
        Assert.Equal("Kindle Paperwhite", got.Source!.Title);
        Assert.Equal(["e-reader"], got.Source.Tags);
        Assert.True(deleted.IsValidResponse, deleted.DebugInformation);
        Assert.Equal(Result.Deleted, deleted.Result);
        Assert.False(gone.Found);
    }

    [Fact]
    public async Task Client_BulkAndSearchWithMatchQuery_ReturnsTypedDocuments()
    {
        var index = NewIndexName();
        var request = new BulkRequest(index)
        {
            Refresh = Refresh.True,
            Operations =
            [
                new BulkIndexOperation<Product>(new Product { Title = "Wireless bluetooth headphones", Brand = "Sony", Price = 199 }) { Id = "1" },
                new BulkIndexOperation<Product>(new Product { Title = "Bluetooth speaker", Brand = "JBL", Price = 49.95 }) { Id = "2" },
                new BulkIndexOperation<Product>(new Product { Title = "Running shoes", Brand = "Nike", Price = 89.5 }) { Id = "3" },
            ],
        };

        var bulk = await _client.BulkAsync(request);
        var search = await _client.SearchAsync<Product>(new SearchRequest<Product>(index)
        {
            Query = new MatchQuery { Field = "title", Query = "bluetooth headphones" },
            Size = 10,
        });

        Assert.True(bulk.IsValidResponse, bulk.DebugInformation);
        Assert.False(bulk.Errors);
        Assert.Equal(3, bulk.Items.Count);
        Assert.True(search.IsValidResponse, search.DebugInformation);
        Assert.Equal(2, search.Total);
        Assert.Equal(["1", "2"], search.Hits.Select(h => h.Id));
        Assert.Equal("Sony", search.Documents.First().Brand);
        Assert.True(search.Hits.First().Score > 0);
    }

    [Fact]
    public async Task Client_SearchWithAggregations_ParsesTypedAggregates()
    {
        var index = NewIndexName();
        await _client.IndexAsync(new Product { Title = "a", Brand = "X", Price = 10 }, index, "1");
        await _client.IndexAsync(new Product { Title = "b", Brand = "X", Price = 20 }, index, "2");
        await _client.IndexAsync(new Product { Title = "c", Brand = "Y", Price = 30 }, index, "3");

        var search = await _client.SearchAsync<Product>(new SearchRequest<Product>(index)
        {
            Size = 0,
            Aggregations = new Dictionary<string, Elastic.Clients.Elasticsearch.Aggregations.Aggregation>
            {
                ["brands"] = new Elastic.Clients.Elasticsearch.Aggregations.TermsAggregation { Field = "brand.keyword" },
                ["avg_price"] = new Elastic.Clients.Elasticsearch.Aggregations.AverageAggregation { Field = "price" },
            },
        });

        Assert.True(search.IsValidResponse, search.DebugInformation);
        var brands = search.Aggregations!.GetStringTerms("brands")!;
        Assert.Equal("X", brands.Buckets.First().Key.ToString());
        Assert.Equal(2, brands.Buckets.First().DocCount);
        Assert.Equal(20, search.Aggregations.GetAverage("avg_price")!.Value);
    }

    [Fact]
    public async Task Client_Requests_AreGzipCompressedAndStillUnderstood()
    {
        var index = NewIndexName();

        await _client.IndexAsync(new Product { Title = "compressed", Brand = "Z" }, index, "gz");

        var received = _fixture.Server.Received.Last(r => r.PathAndQuery.StartsWith($"/{index}/_doc/gz", StringComparison.Ordinal));
        Assert.Equal("PUT", received.Method);
        Assert.Contains("\"title\":\"compressed\"", received.BodyText);
    }

    private static string NewIndexName() => "client-" + Guid.NewGuid().ToString("N")[..10];
}
