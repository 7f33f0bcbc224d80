metadata description = 'Optional Azure Front Door Standard profile in front of the public site (the storage static website): HTTPS only, the security headers of site-headers.json on every answer, and caching that honours the Cache-Control each blob carries.'

@description('Name of the Front Door profile.')
param name string

@description('Name of the endpoint; its host name is <endpointName>-<hash>.z01.azurefd.net.')
param endpointName string

@description('Tags for the resources.')
param tags object = {}

@description('Host name of the storage static website (<account>.z6.web.core.windows.net), the origin.')
param originHostName string

// One source for the public site's headers: the DevHost serves the same file locally (docs/security-headers.md).
var siteHeaders = loadJsonContent('../site-headers.json')

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: name
  // Front Door is a global service.
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'public-site'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/index.html'
      probeRequestType: 'HEAD'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 240
    }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'static-website'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource ruleSet 'Microsoft.Cdn/profiles/ruleSets@2024-02-01' = {
  parent: profile
  name: 'SecurityHeaders'
}

// One rule per header, no condition: each applies to every answer, whatever its status (a 404 page too).
resource headerRules 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = [for (header, i) in items(siteHeaders): {
  parent: ruleSet
  name: 'header${i}'
  properties: {
    order: i + 1
    conditions: []
    matchProcessingBehavior: 'Continue'
    actions: [
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: header.key
          value: header.value
        }
      }
    ]
  }
}]

// Caching follows the origin: each blob's Cache-Control (immutable for content-addressed documents, short for
// listings and feeds) decides; Front Door never invents a lifetime of its own. The static website ignores query
// strings, so a query (?q= on the search page, ?page= on the verify page) must not split the cache either.
resource cachingRule 'Microsoft.Cdn/profiles/ruleSets/rules@2024-02-01' = {
  parent: ruleSet
  name: 'HonourOriginCaching'
  properties: {
    order: length(items(siteHeaders)) + 1
    conditions: []
    matchProcessingBehavior: 'Continue'
    actions: [
      {
        name: 'RouteConfigurationOverride'
        parameters: {
          typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
          cacheConfiguration: {
            cacheBehavior: 'HonorOrigin'
            queryStringCachingBehavior: 'IgnoreQueryString'
            isCompressionEnabled: 'Enabled'
          }
        }
      }
    ]
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'public-site'
  dependsOn: [
    // A route needs its origin group to hold an origin, and its rule set to hold its rules.
    origin
    headerRules
    cachingRule
  ]
  properties: {
    originGroup: {
      id: originGroup.id
    }
    ruleSets: [
      {
        id: ruleSet.id
      }
    ]
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    cacheConfiguration: {
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'text/html'
          'text/css'
          'text/csv'
          'application/javascript'
          'application/json'
          'application/atom+xml'
          'application/xml'
          'image/svg+xml'
        ]
      }
    }
  }
}

output name string = profile.name
output resourceId string = profile.id
output endpointHostName string = endpoint.properties.hostName
