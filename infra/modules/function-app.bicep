metadata description = 'Function app on the Flex Consumption plan (dotnet-isolated), running as a user-assigned identity, deployed from a blob container it reads with that identity.'

@description('Name of the function app.')
param name string

@description('Azure region.')
param location string

@description('Tags for the plan and the app.')
param tags object = {}

@description('Name of the azd service deployed to this app (azure.yaml); tagged on the site only, as azd wants one resource per service.')
param serviceName string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Blob container URL (https://<account>.blob.../<container>) that holds the deployment package.')
param deploymentContainerUrl string

@description('App settings as a name-to-value object.')
param appSettings object

@description('Origins allowed to call the API from a browser.')
param allowedOrigins string[] = []

@description('Most instances the app may scale out to.')
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
      }
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: string(setting.value)
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publishing passwords: deployments authenticate with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output resourceId string = site.id
output planResourceId string = plan.id
output defaultHostName string = site.properties.defaultHostName
