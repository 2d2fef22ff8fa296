// The services and classes of the Node aws-sdk 2.1693.0 (Segment's AWS) that its browser build, which segtui runs,
// leaves out (aws-sdk's dist-tools/client-creator.js default list holds the 92 services it has; the Node-only
// credential providers and HTTP client): each becomes a constructor that says so when called, instead of the handler
// failing with "AWS.EventBridge is not a constructor" as though Segment lacked it. tests/test_aws.py checks the lists
// against the Node package the conformance reference installs.
(function (global) {
  "use strict";
  const NODE_ONLY_SERVICES = [
    "ACMPCA", "ARCZonalShift", "AccessAnalyzer", "Account", "Amplify", "AmplifyBackend", "AmplifyUIBuilder",
    "ApiGatewayManagementApi", "ApiGatewayV2", "AppConfig", "AppConfigData", "AppFabric", "AppIntegrations",
    "AppMesh", "AppRunner", "AppStream", "AppSync", "AppTest", "Appflow", "ApplicationCostProfiler",
    "ApplicationInsights", "ApplicationSignals", "Artifact", "AuditManager", "AugmentedAIRuntime",
    "AutoScalingPlans", "B2bi", "BCMDataExports", "Backup", "BackupGateway", "Batch", "Bedrock", "BedrockAgent",
    "BedrockAgentRuntime", "BedrockRuntime", "Billingconductor", "Braket", "Budgets", "Chatbot", "Chime",
    "ChimeSDKIdentity", "ChimeSDKMediaPipelines", "ChimeSDKMeetings", "ChimeSDKMessaging", "ChimeSDKVoice",
    "CleanRooms", "CleanRoomsML", "Cloud9", "CloudControl", "CloudDirectory", "CloudSearch", "CloudSearchDomain",
    "CloudTrailData", "CodeArtifact", "CodeCatalyst", "CodeConnections", "CodeGuruProfiler", "CodeGuruReviewer",
    "CodeGuruSecurity", "CodeStarNotifications", "CodeStarconnections", "ComputeOptimizer", "ConnectCampaigns",
    "ConnectCases", "ConnectContactLens", "ConnectParticipant", "ControlCatalog", "ControlTower",
    "CostOptimizationHub", "CustomerProfiles", "DAX", "DLM", "DMS", "DataBrew", "DataExchange", "DataPipeline",
    "DataSync", "DataZone", "Deadline", "Detective", "DevOpsGuru", "DirectoryService", "Discovery", "DocDB",
    "DocDBElastic", "Drs", "EBS", "EC2InstanceConnect", "ECRPUBLIC", "EKS", "EKSAuth", "EMRServerless",
    "EMRcontainers", "ES", "ElasticInference", "EntityResolution", "EventBridge", "Evidently", "FMS", "FSx",
    "Finspace", "Finspacedata", "Fis", "FraudDetector", "FreeTier", "Glacier", "GlobalAccelerator", "Glue",
    "Grafana", "Greengrass", "GreengrassV2", "GroundStation", "GuardDuty", "Health", "HealthLake", "IVS",
    "IVSRealTime", "IdentityStore", "Imagebuilder", "ImportExport", "Inspector2", "InspectorScan",
    "InternetMonitor", "IoT1ClickDevicesService", "IoT1ClickProjects", "IoTEvents", "IoTEventsData", "IoTFleetHub",
    "IoTFleetWise", "IoTJobsDataPlane", "IoTSecureTunneling", "IoTSiteWise", "IoTThingsGraph", "IoTTwinMaker",
    "IoTWireless", "IotDeviceAdvisor", "Ivschat", "Kafka", "KafkaConnect", "Kendra", "KendraRanking", "Keyspaces",
    "KinesisAnalytics", "KinesisAnalyticsV2", "KinesisVideoWebRTCStorage", "LakeFormation", "LaunchWizard",
    "LexModelsV2", "LicenseManager", "LicenseManagerLinuxSubscriptions", "LicenseManagerUserSubscriptions",
    "Lightsail", "LookoutEquipment", "LookoutMetrics", "LookoutVision", "M2", "MQ", "MWAA", "Macie2", "MailManager",
    "ManagedBlockchain", "ManagedBlockchainQuery", "MarketplaceAgreement", "MarketplaceDeployment",
    "MarketplaceEntitlementService", "MarketplaceMetering", "MediaConnect", "MediaConvert", "MediaLive",
    "MediaPackage", "MediaPackageV2", "MediaPackageVod", "MediaStore", "MediaTailor", "MedicalImaging", "MemoryDB",
    "Mgn", "MigrationHub", "MigrationHubConfig", "MigrationHubOrchestrator", "MigrationHubRefactorSpaces",
    "MigrationHubStrategy", "Neptune", "Neptunedata", "NetworkFirewall", "NetworkManager", "NetworkMonitor",
    "Nimble", "OAM", "OSIS", "Omics", "OpenSearch", "OpenSearchServerless", "OpsWorksCM", "Organizations",
    "Outposts", "PCS", "PI", "Panorama", "PaymentCryptography", "PaymentCryptographyData", "PcaConnectorAd",
    "PcaConnectorScep", "Pinpoint", "PinpointEmail", "PinpointSMSVoice", "PinpointSMSVoiceV2", "Pipes",
    "PrivateNetworks", "Proton", "QApps", "QBusiness", "QConnect", "QLDB", "QLDBSession", "QuickSight", "RAM",
    "RDSDataService", "RUM", "Rbin", "RedshiftData", "RedshiftServerless", "Repostspace", "Resiliencehub",
    "ResourceExplorer2", "ResourceGroupsTaggingAPI", "RoboMaker", "RolesAnywhere", "Route53Profiles",
    "Route53RecoveryCluster", "Route53RecoveryControlConfig", "Route53RecoveryReadiness", "Route53Resolver",
    "S3Control", "S3Outposts", "SESV2", "SMS", "SSMContacts", "SSMIncidents", "SSMQuickSetup", "SSO", "SSOAdmin",
    "SSOOIDC", "SWF", "SageMaker", "SageMakerFeatureStoreRuntime", "SageMakerGeospatial", "SageMakerMetrics",
    "SageMakerRuntime", "SagemakerEdge", "SavingsPlans", "Scheduler", "Schemas", "SecurityHub", "SecurityLake",
    "ServerlessApplicationRepository", "ServiceCatalogAppRegistry", "ServiceDiscovery", "ServiceQuotas", "Shield",
    "Signer", "SimSpaceWeaver", "SimpleDB", "SnowDeviceManagement", "Snowball", "SsmSap", "StepFunctions",
    "SupplyChain", "Support", "SupportApp", "Synthetics", "TaxSettings", "Textract", "TimestreamInfluxDB",
    "TimestreamQuery", "TimestreamWrite", "Tnb", "TranscribeService", "Transfer", "TrustedAdvisor", "VPCLattice",
    "VerifiedPermissions", "VoiceID", "WAFRegional", "WAFV2", "WellArchitected", "Wisdom", "WorkLink", "WorkMail",
    "WorkMailMessageFlow", "WorkSpaces", "WorkSpacesThinClient", "WorkSpacesWeb"
  ];
  const NODE_ONLY_CLASSES = [
    "EC2MetadataCredentials", "ECSCredentials", "EnvironmentCredentials", "FileSystemCredentials", "IniLoader",
    "MetadataService", "NodeHttpClient", "ProcessCredentials", "RemoteCredentials", "SSOTokenProvider",
    "SharedIniFileCredentials", "SsoCredentials", "Token", "TokenFileWebIdentityCredentials", "TokenProviderChain",
  ];
  const WHY = {
    service: "which has a quarter of its services (S3, STS, SQS, SNS, SES, Kinesis, Firehose, Lambda, DynamoDB and " +
      "more), not this one",
    class: "which does not have it",
  };

  function unavailable(AWS) {
    const names = [...NODE_ONLY_SERVICES.map((name) => [name, WHY.service]), ...NODE_ONLY_CLASSES.map((name) => [name, WHY.class])];
    for (const [name, why] of names) {
      if (Object.prototype.hasOwnProperty.call(AWS, name)) continue;
      const message = `AWS.${name} is not available in segtui: Segment's aws-sdk v2 (Node) has it, but segtui runs ` +
        `aws-sdk's browser build, ${why}`;
      // An anonymous function of no parameters, as Node's service classes are; calling or constructing it throws.
      AWS[name] = function () {
        throw new Error(message);
      };
    }
    // The Node SDK's other name for SWF, which it does not list (not enumerable).
    if (!Object.prototype.hasOwnProperty.call(AWS, "SimpleWorkflow")) {
      Object.defineProperty(AWS, "SimpleWorkflow", { value: AWS.SWF, writable: true, configurable: true, enumerable: false });
    }
    return AWS;
  }

  global.__segtui.awsUnavailable = unavailable;
})(globalThis);
