metadata description = 'Workspace-based Application Insights that accepts only Entra-authenticated telemetry.'

@description('Name of the component.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('Resource id of the Log Analytics workspace.')
param workspaceResourceId string

resource component 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceResourceId
    // Telemetry must carry an Entra token (Monitoring Metrics Publisher); the instrumentation key alone is refused.
    DisableLocalAuth: true
  }
}

output name string = component.name
output resourceId string = component.id
// The connection string only says where to send telemetry; with local auth disabled it grants nothing.
output connectionString string = component.properties.ConnectionString
