import APXCommands
import Foundation

exit(APXMain.main(CommandLine.arguments))
