metadata description = 'Alert rules on what operators must act on (dead-lettered reminders, poisoned publish jobs, a stalled deadline sweep, server errors), mailed through one action group.'

@description('Name of the action group.')
param name string

@description('Azure region of the alert rules.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('E-mail address that receives the alerts.')
param alertEmailAddress string

@description('Resource id of the Application Insights component the rules query.')
param applicationInsightsResourceId string

@description('Alert when the deadline sweep lags (or has not run) for longer than this, in seconds.')
param sweepLagThresholdSeconds int = 3600

@description('Alert when more than this percentage of HTTP requests in 15 minutes end with a 5xx status.')
@minValue(1)
@maxValue(100)
param http5xxThresholdPercent int = 5

// Metric names are PortalMetrics' (functions/ResponsePortal.Core/Common/PortalMetrics.cs); the infra tests compare them.
// Each query returns a row only when something is wrong, so every rule fires on "rows > 0".
var rules = [
  {
    name: 'reminders-dead-lettered'
    severity: 1
    description: 'A reminder was dead-lettered: an addressee was not reminded. Read the reminder log (Monitoring page, or docs/reminders.md) for the reason, fix it, then resend.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "portal.reminders.dead_lettered" and valueSum > 0'
  }
  {
    name: 'notifications-dead-lettered'
    severity: 2
    description: 'A notification was dead-lettered: a reply\'s receipt, the secretariat\'s mail about a reply or the weekly digest did not go. Read the reminder log (Monitoring page, or docs/reminders.md) for the reason, fix it, then resend.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "portal.notifications.dead_lettered" and valueSum > 0'
  }
  {
    name: 'publication-poisoned'
    severity: 1
    description: 'A publish job failed its last attempt and is in the publish-poison queue: a closed letter may be missing from the public site. See docs/deploy.md, "Reading the alerts".'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "portal.publications.poisoned" and valueSum > 0'
  }
  {
    name: 'sweep-lag'
    severity: 2
    description: 'The deadline sweep has not caught up for over an hour (or has not run): reminders and closures are late. Check the DeadlineSweep function\'s failures.'
    frequency: 'PT15M'
    window: 'PT1H'
    query: 'customMetrics | where name == "portal.sweep.lag" | summarize Runs = count(), LagSeconds = max(valueMax) | where Runs == 0 or LagSeconds > ${sweepLagThresholdSeconds}'
  }
  {
    name: 'http-5xx-rate'
    severity: 2
    description: 'More than ${http5xxThresholdPercent}% of API requests failed with a server error in 15 minutes. Open Application Insights, Failures.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'requests | summarize Total = count(), Failed = countif(toint(resultCode) >= 500) | where Failed > 0 and Failed * 100.0 / Total > ${http5xxThresholdPercent}'
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'portal-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${name}-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: rule.name
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsResourceId
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output name string = actionGroup.name
output resourceId string = actionGroup.id
