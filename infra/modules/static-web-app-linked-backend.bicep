metadata description = 'Links a function app to a Static Web App so /api on the static site is routed to it.'

@description('Name of the link.')
param name string = 'backend'

@description('Name of the existing Static Web App.')
param staticWebAppName string

@description('Resource id of the function app.')
param backendResourceId string

@description('Region of the function app.')
param backendLocation string

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticWebAppName
}

resource link 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticWebApp
  name: name
  properties: {
    backendResourceId: backendResourceId
    region: backendLocation
  }
}

output name string = link.name
output resourceId string = link.id
