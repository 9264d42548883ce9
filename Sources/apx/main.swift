import APXCommands
import APXCore
import Foundation

MallocArenas.cap(environment: ProcessInfo.processInfo.environment)
exit(APXMain.main(CommandLine.arguments))
