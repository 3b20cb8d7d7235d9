namespace Sidecar.StandIn.Tests.Infrastructure;

/// <summary>A handful of products with an explicit mapping, used by most search tests.</summary>
public static class ProductFixture
{
    public const string Mapping = """
        {
          "settings": { "number_of_shards": 1 },
          "mappings": {
            "properties": {
              "title": { "type": "text", "fields": { "keyword": { "type": "keyword" } } },
              "description": { "type": "text" },
              "brand": { "type": "keyword" },
              "category": { "type": "keyword" },
              "price": { "type": "double" },
              "rating": { "type": "float" },
              "rating_count": { "type": "long" },
              "in_stock": { "type": "boolean" },
              "released": { "type": "date" },
              "embedding": { "type": "dense_vector", "dims": 3 }
            }
          }
        }
        """;

    public static readonly (string Id, string Json)[] Documents =
    [
        ("1", """{"title":"Kindle Paperwhite waterproof e-reader","description":"Read in the bath or at the beach","brand":"Amazon","category":["Electronics","E-readers"],"price":129.99,"rating":4.6,"rating_count":1200,"in_stock":true,"released":"2021-10-27","embedding":[0.1,0.2,0.3]}"""),
        ("2", """{"title":"Kindle case cover for Paperwhite","description":"Leather cover with auto sleep","brand":"Fintie","category":["Accessories"],"price":15.99,"rating":4.4,"rating_count":530,"in_stock":true,"released":"2020-01-15"}"""),
        ("3", """{"title":"Wireless bluetooth headphones with noise cancelling","description":"Over-ear headphones, 30 hour battery","brand":"Sony","category":["Electronics","Audio"],"price":199.0,"rating":4.7,"rating_count":3100,"in_stock":false,"released":"2022-05-01"}"""),
        ("4", """{"title":"Running shoes for men","description":"Lightweight running shoes with foam sole","brand":"Nike","category":["Sports","Shoes"],"price":89.5,"rating":4.2,"rating_count":870,"in_stock":true,"released":"2019-03-10"}"""),
        ("5", """{"title":"Portable bluetooth speaker waterproof","description":"Loud speaker for the beach and the pool","brand":"JBL","category":["Electronics","Audio"],"price":49.95,"rating":4.5,"rating_count":2200,"in_stock":true,"released":"2021-06-30"}"""),
        ("6", """{"title":"Paper notebook ruled","description":"A classic paper notebook for running notes","brand":"Moleskine","category":["Office"],"price":null,"rating":4.8,"rating_count":90,"in_stock":false}"""),
    ];
}
